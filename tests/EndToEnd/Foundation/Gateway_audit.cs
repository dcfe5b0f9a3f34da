using System.Net;
using Dapper;
using Npgsql;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// The access audit (HIPAA §164.312(b)) must never stop the gateway and never lose a record: what PostgreSQL cannot store is escaped,
/// and while the database refuses, records wait in an append-only spool file and are replayed in order once it is back.
/// </summary>
public sealed class Gateway_audit(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A NUL in a query key reached the audit row, PostgreSQL refused it (22021), and the writer's exception stopped the host.
    [Fact]
    public async Task A_NUL_in_an_unauthenticated_request_is_audited_escaped_and_the_gateway_keeps_serving()
    {
        using var anonymous = platform.Client();
        var marker = Guid.NewGuid();
        var refused = await anonymous.GetAsync($"/api/patients/{marker}?%00=1", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var db = platform.Database("gateway");
        await using var connection = await db.OpenConnectionAsync(Ct);
        var keys = await Eventually.Get(async () => await connection.QueryFirstOrDefaultAsync<string>(
            "SELECT query_keys FROM audit_log WHERE path = @Path", new { Path = $"/api/patients/{marker}" }), TimeSpan.FromSeconds(20), "the audit row");
        Assert.Contains("\\u0000", keys);
        // Still serving, and still auditing: the next request is recorded too.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready", Ct)).StatusCode);
        var next = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/patients/{next}", Ct)).StatusCode);
        await Eventually.True(async () => await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE path = @Path",
            new { Path = $"/api/patients/{next}" }) == 1, TimeSpan.FromSeconds(20), "the next request audited");
    }

    [Fact]
    public async Task Records_the_database_refuses_are_spooled_and_replayed_in_order_when_it_is_back()
    {
        var target = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres);
        await using var postgres = new TcpProxy(target.Host!, target.Port);
        postgres.Start();
        var prefix = platform.DatabasePrefix + "auditspool_";
        var spool = Path.Combine(Path.GetTempPath(), $"rcm-audit-spool-{Guid.NewGuid():N}.jsonl");
        var environment = platform.CommonEnvironment(prefix);
        environment["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Port = postgres.Port, Timeout = 3 }.ConnectionString;
        environment["Audit__SpoolPath"] = spool;
        environment["Audit__Attempts"] = "1";
        environment["Audit__ReplayInterval"] = "00:00:00.500";
        foreach (var (name, address) in platform.ServiceAddresses)
            environment[$"Gateway__Services__{name}"] = address.ToString().TrimEnd('/');
        var gateway = await platform.StartExtraAsync("gateway-audit-outage", "gateway", environment);
        try
        {
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            postgres.Stop();
            var paths = Enumerable.Range(0, 5).Select(i => $"/api/patients/{Guid.NewGuid()}").ToList();
            foreach (var path in paths)
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path, Ct)).StatusCode);
            // Seen on disk while the database is away (not a fixed wait): every record, in order.
            await Eventually.True(() => Task.FromResult(File.Exists(spool) && paths.All(p => File.ReadAllText(spool).Contains(p, StringComparison.Ordinal))),
                TimeSpan.FromSeconds(30), "the records spooled");

            postgres.Start();
            await using var db = platform.Database("gateway", prefix);
            await using var connection = await db.OpenConnectionAsync(Ct);
            await Eventually.True(() => Task.FromResult(!File.Exists(spool)), TimeSpan.FromSeconds(30), "the spool replayed");
            var written = (await connection.QueryAsync<string>(
                "SELECT path FROM audit_log WHERE path = ANY(@Paths) ORDER BY at, id", new { Paths = paths.ToArray() })).ToList();
            Assert.Equal(paths, written);
        }
        finally
        {
            await gateway.DisposeAsync();
            if (File.Exists(spool)) File.Delete(spool);
            await PlatformFixture.DropDatabasesAsync(prefix);
        }
    }
}

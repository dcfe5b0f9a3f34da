// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

public sealed partial class Two_submission_workers(PlatformFixture platform)
{
    [Fact]
    public async Task Competing_on_one_queue_send_every_claim_exactly_once()
    {
        // A Claims of its own (own databases and submission queue): an API process without a worker, and two worker processes.
        var prefix = platform.DatabasePrefix + "workers_";
        var environment = platform.CommonEnvironment(prefix);
        environment["Clearinghouse__SimulatorUrl"] = platform.ServiceAddresses["clearinghouse_simulator"].ToString().TrimEnd('/');
        // Its own event queues too: the platform's Claims gets a copy of each EncounterCoded, but without the fee
        // schedule (set only here) it holds those claims, so only this Claims sends them.
        environment["Claims__ServiceName"] = "claims-workers-test";
        environment["Claims__SubmissionQueue"] = "claims-submission-" + Guid.NewGuid().ToString("N")[..8];
        environment["Claims__Submission__MaxBatchSize"] = "7";
        environment["Claims__Submission__MaxWait"] = "00:00:00.500";
        var api = await platform.StartExtraAsync("claims-api", "services/Claims", new(environment) { ["Claims__Role"] = "api" });
        var workers = await Task.WhenAll(
            platform.StartExtraAsync("claims-worker-1", "services/Claims", new(environment) { ["Claims__Role"] = "submission-worker" }),
            platform.StartExtraAsync("claims-worker-2", "services/Claims", new(environment) { ["Claims__Role"] = "submission-worker" }));

        var tenant = await platform.NewTenantAsync();
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, ["admin"]));
        await using var desk = new ClaimsDesk(client, tenant.TenantId);
        await desk.SetFeesAsync(("99213", 100m));
        await using var db = platform.Database("claims", prefix);
        await using var connection = await db.OpenConnectionAsync();

        // Rounds of 60 claims for three payers (a batch is per payer, so several flushes run at once) until both workers have sent
        // files: which worker takes a command is the broker's and the clock's choice, so one round alone may go to one worker.
        // Exactly-once is checked over every round.
        const int perRound = 60;
        var claims = 0;
        List<(string X12, string Worker)> files = [];
        for (var round = 1; round <= 5; round++)
        {
            var payers = Enumerable.Range(0, 3).Select(_ => ClaimsDesk.Payer()).ToArray();
            await Task.WhenAll(Enumerable.Range(0, perRound).Select(i => desk.PublishAsync(desk.Encounter([ClaimsDesk.Coverage(payers[i % 3])], "99213"))));
            claims += perRound;
            await Eventually.True(async () => await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM claims WHERE tenant_id = @TenantId AND status <> 'ready' AND status <> 'draft'", new { tenant.TenantId }) == claims
                && await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM batches WHERE tenant_id = @TenantId AND sent_at IS NULL", new { tenant.TenantId }) == 0,
                TimeSpan.FromSeconds(90), "every claim submitted and every file sent");
            files = (await connection.QueryAsync<(string X12, string Worker)>("SELECT x12, worker FROM batches WHERE tenant_id = @TenantId", new { tenant.TenantId })).ToList();
            if (files.Select(f => f.Worker).Distinct().Count() == 2) break;
        }

        var sent = files.SelectMany(f => Clm01().Matches(f.X12).Select(m => m.Groups[1].Value)).ToList();
        Assert.Equal(claims, sent.Count);
        Assert.Equal(claims, sent.Distinct().Count());
        Assert.Equal(2, files.Select(f => f.Worker).Distinct().Count()); // both workers took batches (in five rounds at most)
        Assert.All(files, f => Assert.True(Clm01().Matches(f.X12).Count <= 7));

        // What the clearinghouse took in: every file once (it de-duplicates on ISA13, so the count of files is the count of batches).
        using var simulator = platform.SimulatorOperator();
        var received = await simulator.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/simulator/received?submitterId={RevenueCycle.Contracts.Clearinghouse.SubmitterIds.For(tenant.TenantId)}&limit=500");
        Assert.Equal(claims, received.GetProperty("items").EnumerateArray().Sum(f => f.GetProperty("claimCount").GetInt32()));
        _ = workers;
    }

    [GeneratedRegex(@"~CLM\*([^*]+)\*")]
    private static partial Regex Clm01();
}

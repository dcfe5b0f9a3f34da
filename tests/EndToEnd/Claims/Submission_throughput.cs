// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using Dapper;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Claims;

/// <summary>
/// How many claims per second one submission worker writes into 837P files and sends to the simulator.
/// Runs only with RCM_BENCH_CLAIMS set (services/Claims/bench-submission.sh sets it); prints the figure.
/// </summary>
public sealed class Submission_throughput(PlatformFixture platform)
{
    [Fact]
    public async Task One_worker_sends_claims_to_the_simulator()
    {
        Assert.SkipUnless(int.TryParse(Environment.GetEnvironmentVariable("RCM_BENCH_CLAIMS"), out var claims), "set RCM_BENCH_CLAIMS to run the benchmark");
        var prefix = platform.DatabasePrefix + "bench_";
        var environment = platform.CommonEnvironment(prefix);
        environment["Clearinghouse__SimulatorUrl"] = platform.ServiceAddresses["clearinghouse_simulator"].ToString().TrimEnd('/');
        environment["Claims__ServiceName"] = "claims-bench";
        environment["Claims__SubmissionQueue"] = "claims-submission-bench";
        environment["Claims__Submission__MaxBatchSize"] = Environment.GetEnvironmentVariable("RCM_BENCH_BATCH") ?? "100";
        var api = await platform.StartExtraAsync("claims-bench-api", "services/Claims", new(environment) { ["Claims__Role"] = "api" });

        var tenant = await platform.NewTenantAsync();
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, ["admin"]));
        await using var desk = new ClaimsDesk(client, tenant.TenantId);
        (await client.PutAsync("/api/claims/settings", System.Net.Http.Json.JsonContent.Create(new { autoSubmit = false }))).EnsureSuccessStatusCode();
        await desk.SetFeesAsync(("99213", 100m), ("80053", 40m));
        var payer = ClaimsDesk.Payer();
        for (var i = 0; i < claims; i += 50)
            await Task.WhenAll(Enumerable.Range(i, Math.Min(50, claims - i)).Select(_ => desk.PublishAsync(desk.Encounter([ClaimsDesk.Coverage(payer)], "99213", "80053"))));

        await using var db = platform.Database("claims", prefix);
        await using var connection = await db.OpenConnectionAsync();
        await Eventually.True(async () => await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM claims WHERE tenant_id = @TenantId AND status = 'ready'", new { tenant.TenantId }) == claims, TimeSpan.FromMinutes(5), "every claim ready");
        // Release them all at once, then start the one worker.
        await connection.ExecuteAsync(
            "INSERT INTO pending_submission (claim_id, tenant_id, payer_id, route) SELECT id, tenant_id, payer_id, route FROM claims WHERE tenant_id = @TenantId",
            new { tenant.TenantId });
        await platform.StartExtraAsync("claims-bench-worker", "services/Claims", new(environment) { ["Claims__Role"] = "submission-worker" });
        await Eventually.True(async () => await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM claims WHERE tenant_id = @TenantId AND status <> 'ready'", new { tenant.TenantId }) == claims
            && await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM batches WHERE tenant_id = @TenantId AND sent_at IS NULL", new { tenant.TenantId }) == 0,
            TimeSpan.FromMinutes(10), "every claim sent");

        var seconds = await connection.ExecuteScalarAsync<double>(
            "SELECT extract(epoch FROM max(sent_at) - min(created_at)) FROM batches WHERE tenant_id = @TenantId", new { tenant.TenantId });
        var line = $"BENCH one submission worker: {claims} claims in {seconds:0.00} s = {claims / seconds:0} claims/s (batch size {environment["Claims__Submission__MaxBatchSize"]})";
        TestContext.Current.SendDiagnosticMessage(line);
        Console.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "rcm-claims-bench.txt"), line + "\n");
    }
}

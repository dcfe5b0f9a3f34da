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
        var phases = await PhasesAsync(connection, tenant.TenantId);
        TestContext.Current.SendDiagnosticMessage(line + "\n" + phases);
        Console.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "rcm-claims-bench.txt"), line + "\n" + phases);
    }

    sealed record BatchTimes
    {
        public int InterchangeNumber { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset Written { get; init; }
        public DateTimeOffset SentAt { get; init; }
    }

    sealed record FileTimes
    {
        public string InterchangeControlNumber { get; init; } = "";
        public DateTimeOffset ReceivedAt { get; init; }
        public DateTimeOffset Acknowledged { get; init; }
        public DateTimeOffset? ProcessedAt { get; init; }
    }

    /// <summary>
    /// Where each batch's time went, by the clocks of the database server and the simulator's host: the worker's
    /// transaction (its start to the batch's last history row); the send (commit, the POST with the simulator's intake,
    /// sent_at), which overlaps the next batch's transaction; the simulator's intake (file stored to its 999 in the
    /// mailbox); and its processing after the answer (277CAs, adjudication, 835s; queueing behind earlier files included).
    /// </summary>
    async Task<string> PhasesAsync(Npgsql.NpgsqlConnection connection, Guid tenantId)
    {
        var batches = (await connection.QueryAsync<BatchTimes>(
            """
            SELECT b.interchange_number AS InterchangeNumber, b.created_at AS CreatedAt, max(h.at) AS Written, b.sent_at AS SentAt
            FROM batches b JOIN batch_claims bc ON bc.batch_id = b.id
            JOIN claim_history h ON h.claim_id = bc.claim_id AND h.status = 'submitted'
            WHERE b.tenant_id = @tenantId GROUP BY b.id ORDER BY b.created_at
            """, new { tenantId })).ToList();
        var submitter = RevenueCycle.Contracts.Clearinghouse.SubmitterIds.For(tenantId);
        await using var simulatorDb = platform.Database("clearinghouse_simulator");
        await using var simulator = await simulatorDb.OpenConnectionAsync();
        // Processing runs after the answer: the figures want every file done.
        await Eventually.True(async () => await simulator.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM received_files WHERE submitter_id = @submitter AND processed_at IS NULL", new { submitter }) == 0,
            TimeSpan.FromMinutes(5), "every file processed by the simulator");
        var files = (await simulator.QueryAsync<FileTimes>(
            """
            SELECT f.interchange_control_number AS InterchangeControlNumber, f.received_at AS ReceivedAt, f.processed_at AS ProcessedAt,
                   min(m.created_at) FILTER (WHERE m.kind = '999') AS Acknowledged
            FROM received_files f JOIN mailbox m ON m.file_id = f.id
            WHERE f.submitter_id = @submitter GROUP BY f.id
            """, new { submitter }))
            .ToDictionary(f => int.Parse(f.InterchangeControlNumber, System.Globalization.CultureInfo.InvariantCulture));
        List<double> write = [], send = [], intake = [], processing = [];
        foreach (var b in batches)
        {
            write.Add((b.Written - b.CreatedAt).TotalMilliseconds);
            send.Add((b.SentAt - b.Written).TotalMilliseconds);
            if (files.TryGetValue(b.InterchangeNumber, out var f))
            {
                intake.Add((f.Acknowledged - f.ReceivedAt).TotalMilliseconds);
                if (f.ProcessedAt is { } processed) processing.Add((processed - f.ReceivedAt).TotalMilliseconds);
            }
        }
        var lastProcessed = files.Values.Max(f => f.ProcessedAt ?? f.ReceivedAt);
        static string Figures(string name, List<double> ms) =>
            ms.Count == 0 ? $"{name} -" : $"{name} {Median(ms):0} (total {ms.Sum() / 1000:0.00} s)";
        return $"per batch, median ms: {Figures("worker transaction", write)} | {Figures("send", send)} | {Figures("simulator intake", intake)} | "
            + $"{Figures("simulator processing after intake", processing)}; the simulator finished "
            + $"{(lastProcessed - batches.Max(b => b.SentAt)).TotalSeconds:0.00} s after the last send\n";
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

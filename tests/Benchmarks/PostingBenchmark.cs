using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RevenueCycle.Payments.Remittances;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Benchmarks;

/// <summary>
/// Posts one 835 of n claims in ONE transaction set with Payments' own importer (<see cref="RemittanceImporter.ImportAsync"/>,
/// what an upload and a mailbox collection run) into a scratch database with Payments' migrations, seeded with the n claims it
/// pays (<see cref="PostingBenchmarkData"/>): the time end to end, the process's peak working set and what it allocated, and
/// a count of what it recorded (every CLP posted or an exception).
/// </summary>
public static class PostingBenchmark
{
    public static async Task RunAsync(string server, int count)
    {
        DapperSetup.Configure();
        const string name = "posting_scale_bench"; // named after the branch; dropped at the end
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        }
        var path = Path.Combine(Path.GetTempPath(), $"posting-bench-{count}.835");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            await DatabaseSetup.MigrateAsync(connectionString, typeof(RemittanceImporter).Assembly);
            await using var db = NpgsqlDataSource.Create(connectionString);
            var tenant = Guid.CreateVersion7();
            var seed = Stopwatch.StartNew();
            await using (var connection = await db.OpenConnectionAsync())
            {
                await PostingBenchmarkData.SeedAsync(connection, tenant, count);
            }
            var clps = PostingBenchmarkData.Write835(path, count, "EFT" + count.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded {count:N0} claims and wrote {path}: {new FileInfo(path).Length / 1048576.0:F1} MB, one ST of {clps:N0} CLPs, in {seed.Elapsed.TotalSeconds:F1} s"));

            var importer = new RemittanceImporter(db, NullLogger<RemittanceImporter>.Instance, TimeProvider.System);
            // The database server's work, apart from whatever else the machine runs: the CPU time of the backend serving the pool's
            // one connection (the importer opens one connection at a time, which the pool hands back), from /proc.
            int backend;
            await using (var connection = await db.OpenConnectionAsync())
                backend = connection.ProcessID;
            var backendBefore = CpuSeconds($"/proc/{backend}/stat");
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var workingSetBefore = process.WorkingSet64;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            ImportResult result;
            await using (var body = File.OpenRead(path))
                result = await importer.ImportAsync(tenant, body, RemittanceSources.Upload, null, CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            var clientCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var backendCpu = CpuSeconds($"/proc/{backend}/stat") - backendBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ImportAsync: {result.Status} in {seconds:F1} s ({clps / seconds:N0} CLPs/s); allocated {allocated / 1048576.0:F0} MB; " +
                $"working set {workingSetBefore / 1048576.0:F0} MB before, peak {process.PeakWorkingSet64 / 1048576.0:F0} MB{(result.Error is { } e ? "; " + e.Message : "")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU time: this process {clientCpu:F1} s, the PostgreSQL backend {backendCpu:F1} s (wall time above includes waiting for the machine's other work)"));

            await using var check = await db.OpenConnectionAsync();
            await using var counts = new NpgsqlCommand(
                """
                SELECT (SELECT count(*) FROM remittance_claims), (SELECT count(*) FROM postings), (SELECT count(*) FROM posting_exceptions),
                       (SELECT count(*) FROM ledger_entries WHERE kind <> 'charge' AND kind <> 'prior-payer'), (SELECT count(*) FROM outbox),
                       (SELECT count(*) FROM remittance_claims rc WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.remittance_claim_id = rc.id)
                                                                  AND NOT EXISTS (SELECT 1 FROM posting_exceptions x WHERE x.remittance_claim_id = rc.id))
                """, check);
            await using var row = await counts.ExecuteReaderAsync();
            await row.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recorded: {row.GetInt64(0):N0} remittance claims, {row.GetInt64(1):N0} postings, {row.GetInt64(2):N0} exceptions, {row.GetInt64(3):N0} ledger entries, " +
                $"{row.GetInt64(4):N0} outbox events; CLPs neither posted nor an exception: {row.GetInt64(5):N0}"));
            await row.CloseAsync();
            // What was posted, without ids and clocks: the same before and after a change to how posting is done.
            await using var fingerprint = new NpgsqlCommand(
                """
                SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
                    SELECT concat_ws('|', c.patient_control_number, l.line_number, l.kind, l.bucket, l.adjustment_group, l.carc, l.amount, l.description) AS x
                    FROM ledger_entries l JOIN claims c ON c.claim_id = l.claim_id
                    UNION ALL SELECT concat_ws('|', rc.seq, rc.patient_control_number, c.patient_control_number, p.status_code, p.kind, p.reverses_posting_id IS NULL)
                    FROM postings p JOIN remittance_claims rc ON rc.id = p.remittance_claim_id JOIN claims c ON c.claim_id = p.claim_id
                    UNION ALL SELECT concat_ws('|', rc.seq, e.reason, e.detail) FROM posting_exceptions e JOIN remittance_claims rc ON rc.id = e.remittance_claim_id
                    UNION ALL SELECT concat_ws('|', reason_code, reference, amount, kind, posted_to_claim, note) FROM provider_adjustments
                    UNION ALL SELECT concat_ws('|', message_type, body - 'tenantId' - 'claimId' - 'patientId' - 'postingId' - 'remittanceId' - 'postedAt' - 'receivedAt') FROM outbox
                ) t
                """, check);
            Console.WriteLine($"fingerprint of what was posted (ledger, postings, exceptions, PLB, events without ids and times): {await fingerprint.ExecuteScalarAsync()}");
        }
        finally
        {
            File.Delete(path);
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    /// <summary>utime + stime of a process (fields 14 and 15 of /proc/pid/stat, in clock ticks of 1/100 s).</summary>
    static double CpuSeconds(string stat)
    {
        if (!File.Exists(stat)) return double.NaN;
        var fields = File.ReadAllText(stat);
        var after = fields[(fields.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}

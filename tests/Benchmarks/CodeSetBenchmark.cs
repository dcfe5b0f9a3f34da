using System.Diagnostics;
using System.Globalization;
using Npgsql;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Benchmarks;

/// <summary>
/// Imports the four CMS files (<see cref="CodeSetFiles"/>) with the Coding service's own importer into a scratch database with its
/// code-set migrations, timing each and reading the process's peak working set after each (memory bounded = the peak does not grow
/// with the file), then times the coding edits (the reference-data round trip and <see cref="CodingEditor.Check"/>, as a save does)
/// for many encounters against the full PTP table: p50, p95, p99 and max.
/// </summary>
public static class CodeSetBenchmark
{
    public static async Task RunAsync(string directory, string server, int encounters)
    {
        var name = $"bench_codesets_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
        }
        try
        {
            await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
            await using (var connection = await db.OpenConnectionAsync())
                await new NpgsqlCommand(Migrations(), connection).ExecuteNonQueryAsync();
            var importer = new CodeSetImporter(db);
            var release = new DateOnly(2025, 10, 1);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            await Time("ICD-10-CM order file", Path.Combine(directory, "icd10cm_order_2026.txt"), (r, s, p) => importer.ImportIcd10CmOrderFileAsync(r, s, release, p));
            await Time("HCPCS annual file", Path.Combine(directory, "HCPC2026_JAN_ANWEB.txt"), (r, s, p) => importer.ImportHcpcsFileAsync(r, s, release, p));
            await Time("NCCI practitioner PTP", Path.Combine(directory, "ccipra-v321r0-f1.txt"), (r, s, p) => importer.ImportNcciPtpFileAsync(r, s, completeTable: true, progress: p));
            await Time("MUE practitioner", Path.Combine(directory, "MCR_MUE_PractitionerServices.txt"), (r, s, p) => importer.ImportMueFileAsync(r, s, completeTable: true, progress: p));
            await Time("NCCI practitioner PTP, again (nothing changes)", Path.Combine(directory, "ccipra-v321r0-f1.txt"), (r, s, p) => importer.ImportNcciPtpFileAsync(r, s, completeTable: true, progress: p));
            await TimeEditsAsync(db, encounters);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    static async Task Time(string label, string path, Func<TextReader, string, IProgress<long>, Task<ImportReport>> import)
    {
        var lines = File.ReadLines(path).LongCount();
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var clock = Stopwatch.StartNew();
        using var reader = new StreamReader(path);
        var report = await import(reader, Path.GetFileName(path), new Progress<long>(_ => { }));
        var seconds = clock.Elapsed.TotalSeconds;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {lines:N0} lines in {seconds:F1} s ({lines / seconds:N0} lines/s); {report}; working set {before / 1048576.0:F0} MB before, peak so far {process.PeakWorkingSet64 / 1048576.0:F0} MB"));
    }

    /// <summary>Encounters of two to six procedures drawn from the PTP table's own pairs (so the PTP look-up finds edits), with a
    /// diagnosis from the order file: the reference round trip and the editor, as every save of a coding runs them.</summary>
    static async Task TimeEditsAsync(NpgsqlDataSource db, int encounters)
    {
        var pairs = CodeSetFiles.PtpPairs(2_000_000).Where((_, i) => i % 997 == 0).ToArray();
        var random = new Random(7);
        var facts = new EncounterFacts(new DateOnly(2026, 3, 2), "11", new DateOnly(1970, 1, 1), Sex.Female);
        var timings = new List<double>(encounters);
        var edits = 0L;
        await using var connection = await db.OpenConnectionAsync();
        for (var i = 0; i < encounters + 200; i++)
        {
            var codes = Enumerable.Range(0, 1 + random.Next(3)).SelectMany(_ => pairs[random.Next(pairs.Length)] is var (a, b) ? new[] { a, b } : []).Distinct().ToList();
            var coding = new CodingSubmission(["A00.00"], codes.Select(c => new ProcedureLine(c, [], 1, [1])).ToList());
            var clock = Stopwatch.StartNew();
            var reference = await CodingReferenceDataQuery.LoadAsync(connection, facts, coding);
            var found = CodingEditor.Check(facts, coding, reference);
            var ms = clock.Elapsed.TotalMilliseconds;
            if (i >= 200) { timings.Add(ms); edits += found.Count; } // the first 200 warm the JIT and the connection
        }
        timings.Sort();
        double At(double q) => timings[(int)Math.Min(timings.Count - 1, Math.Ceiling(q * timings.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coding edits against the full PTP: {encounters} encounters, {edits} edits found; p50 {At(0.50):F2} ms, p95 {At(0.95):F2} ms, p99 {At(0.99):F2} ms, max {timings[^1]:F2} ms"));
    }

    static string Migrations()
    {
        var assembly = typeof(CodeSetImporter).Assembly;
        return string.Join("\n", assembly.GetManifestResourceNames().Where(n => n.EndsWith("code_sets.sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n => new StreamReader(assembly.GetManifestResourceStream(n)!).ReadToEnd()));
    }
}

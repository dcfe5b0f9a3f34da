using System.Diagnostics;
using BenchmarkDotNet.Running;
using RevenueCycle.Benchmarks;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'         BenchmarkDotNet suites
// dotnet run -c Release --project tests/Benchmarks -- generate-835 <path> <megabytes>           our X12Writer's shape (many STs of 1,000 claims)
// dotnet run -c Release --project tests/Benchmarks -- generate-835 <path> <shape> <claims>     a payer's layout written as plain text (Payer835Generator):
//                                                      one-st, small-sts, crlf, pipe-apostrophe, pipe-newline
// dotnet run -c Release --project tests/Benchmarks -- time-835 <path> [records|stream]        full typed reads, in MB/s: cold, second, warm (median of the last 10 of 20 more;
//                                                      RCM_BENCH_SECONDS=s: the mean of the reads after the first ten, for at least s seconds);
//                                                      records: ReadAll (whole transaction sets), stream: ReadNextHeader/ReadNextClaim
//                                                      and the warm reads' median process CPU time (steadier than the wall clock on a shared machine)
// dotnet run -c Release --project tests/Benchmarks -- ab-835 <before-dir> <after-dir> <path> [rounds] [tokenize]   two builds' RevenueCycle.X12.dll
//                                                      (each build's bin/Release/net10.0) alternating in one process, by thread CPU time (AlternatingReads)
// dotnet run -c Release --project tests/Benchmarks -- loop-835 <path> <n>   n reads and nothing else, for a profiler (perf record)
// dotnet run -c Release --project tests/Benchmarks -- generate-codesets <dir> [ptpRows]   the four CMS code-set files at real size
// dotnet run -c Release --project tests/Benchmarks -- time-codesets <dir> [encounters]     import each (time, peak memory), then coding edits p50/p99
// dotnet run -c Release --project tests/Benchmarks -- post-835 [claims]    one ST of n claims (default 50,000) posted by Payments' importer (time, memory)
switch (args)
{
    case ["generate-835", var path, var shapeName, var claimCount] when Payer835Shape.All.TryGetValue(shapeName, out var shape):
        using (var file = new StreamWriter(path, append: false, System.Text.Encoding.ASCII, bufferSize: 1 << 16))
            Payer835Generator.Write(file, shape, int.Parse(claimCount, System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"{path}: {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MB ({shapeName}, {claimCount} claims)");
        return 0;

    case ["generate-835", var path, var megabytes]:
        using (var file = new StreamWriter(path, append: false, System.Text.Encoding.ASCII, bufferSize: 1 << 16))
            Remittance835Generator.Write(file, long.Parse(megabytes, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024);
        Console.WriteLine($"{path}: {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MB");
        return 0;

    case ["time-835", var path, .. var mode]:
        TimeReads(path, streaming: mode is ["stream"]);
        return 0;

    case ["ab-835", var before, var after, var path, .. var rest]:
        AlternatingReads.Run(before, after, path,
            rest.FirstOrDefault(arg => int.TryParse(arg, out _)) is { } rounds ? int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture) : 30,
            tokenizeOnly: rest.Contains("tokenize"));
        return 0;

    case ["loop-835", var path, var reads]: // for a profiler (perf record): many warm reads, no report
        for (var i = int.Parse(reads, System.Globalization.CultureInfo.InvariantCulture); i > 0; i--)
            Read(path, streaming: true, out _, out _);
        return 0;

    case ["generate-codesets", var directory, .. var rest]:
        CodeSetFiles.WriteAll(directory, rest is [var rows] ? int.Parse(rows, System.Globalization.CultureInfo.InvariantCulture) : 2_000_000);
        return 0;

    case ["time-codesets", var directory, .. var rest]:
        await CodeSetBenchmark.RunAsync(directory, Environment.GetEnvironmentVariable("RCM_BENCH_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres",
            rest is [var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 5_000);
        return 0;

    case ["post-835", .. var rest]:
        await PostingBenchmark.RunAsync(Environment.GetEnvironmentVariable("RCM_BENCH_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres",
            rest is [var claims] ? int.Parse(claims, System.Globalization.CultureInfo.InvariantCulture) : 50_000);
        return 0;

    default:
        BenchmarkSwitcher.FromAssembly(typeof(Remittance835Generator).Assembly).Run(args);
        return 0;
}

// The first read includes JIT compilation (what a one-off import costs). The second still runs partly in
// the JIT's first-tier code (tiered compilation recompiles hot methods after some calls, in the background).
// "warm" is the median of the last ten of twenty more reads, once that has settled (with dynamic PGO the
// hot methods are compiled twice more, about a second after they start, and the GC's budgets take some reads
// to settle: the reads are at their steady speed from about the twelfth): the steady throughput of a service.
// compare-node-x12.sh times node-x12 the same way (the same counts).
// The memory line: the process's peak working set over all 22 reads and the gen2 collections they caused. Reading
// claim by claim, neither grows with the claims of a transaction set; reading whole transaction sets, both do.
static void TimeReads(string path, bool streaming)
{
    const int WarmUp = 10, Measured = 10;
    // RCM_BENCH_SECONDS=s: the measured reads go on for at least s seconds, and "warm" is their mean (all their bytes over all their
    // time), not the median of ten. On this shared machine the reader runs at ~300 MB/s for a second or two, then at ~190 for a
    // second or two (RCM_BENCH_EACH=1 shows it read by read, in one process, whatever its GC or JIT settings): ten reads of 40 ms can
    // all fall in one phase, while node-x12's ten reads of 2.4 s each average over many. A window as long as node-x12's gives both
    // readers the same mix of the machine's phases.
    var window = double.TryParse(Environment.GetEnvironmentVariable("RCM_BENCH_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
    var each = Environment.GetEnvironmentVariable("RCM_BENCH_EACH") == "1";
    var segments = CountSegments(path);
    var gen2Before = GC.CollectionCount(2);
    TimeRead(path, streaming, "cold", segments);
    TimeRead(path, streaming, "second", segments);
    var warm = new List<(double Seconds, long Allocated)>();
    var warmCpu = new List<double>();
    var reads = 0;
    for (var measuring = 0.0; reads < WarmUp + Measured || measuring < window; reads++)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var run = Read(path, streaming, out _, out _);
        if (each) Console.Write($"{new FileInfo(path).Length / 1024.0 / 1024.0 / run.Seconds:F0} ");
        if (reads < WarmUp) continue;
        measuring += run.Seconds;
        warm.Add(run);
        warmCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
    }
    if (each) Console.WriteLine();
    var (median, allocated) = warm.OrderBy(run => run.Seconds).ElementAt(warm.Count / 2);
    if (window > 0)
    {
        var total = warm.Sum(run => run.Seconds);
        Report(path, "warm", total / warm.Count, allocated, segments, $"mean of {warm.Count} reads over {total:F1} s");
        Report(path, "warm median", median, allocated, segments, $"median of {warm.Count}");
    }
    else Report(path, "warm", median, allocated, segments, $"median of {warm.Count}");
    // On a shared machine the wall clock counts the time other processes held the cores; the process's CPU time
    // (every thread: the reader's, the GC's, the JIT's) moves much less with the load, for before/after comparisons.
    var cpu = warmCpu.Order().ElementAt(warmCpu.Count / 2);
    Console.WriteLine($"warm CPU: median of {warmCpu.Count} reads {cpu * 1000:F0} ms of process CPU time: {new FileInfo(path).Length / 1024.0 / 1024.0 / cpu:F1} MB/s of CPU");
    using var process = Process.GetCurrentProcess();
    Console.WriteLine($"memory ({(streaming ? "stream: ReadNextHeader/ReadNextClaim" : "records: ReadAll")}): peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MB, "
        + $"gen2 collections {GC.CollectionCount(2) - gen2Before} in {reads + 2} reads, GC heap after the last read {GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024.0:F1} MB");
}

static void TimeRead(string path, bool streaming, string label, long segments)
{
    var (seconds, allocated) = Read(path, streaming, out var transactions, out var claims);
    Report(path, label, seconds, allocated, segments, $"{transactions} transaction sets, {claims} claims");
}

// Compiled optimised from its first call, as a service's long-running loop is. Called only ten times, it would
// otherwise stay in the JIT's first-tier code, which keeps every local alive to the end of the method: the
// loop's `remittance` would hold the previous transaction set while the next one is read, and the GC would copy
// two transactions instead of one. The reader's own code tiers up as usual.
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
static (double Seconds, long Allocated) Read(string path, bool streaming, out int transactions, out int claims)
{
    transactions = claims = 0;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var stopwatch = Stopwatch.StartNew();
    using (var reader = new Remittance835Reader(File.OpenRead(path)))
    {
        if (streaming)
        {
            while (reader.ReadNextHeader() is not null)
            {
                transactions++;
                while (reader.ReadNextClaim() is not null)
                    claims++;
            }
        }
        else
        {
            foreach (var remittance in reader.ReadAll())
            {
                transactions++;
                foreach (var group in remittance.ClaimGroups)
                    claims += group.Claims.Count;
            }
        }
    }
    stopwatch.Stop();
    return (stopwatch.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
}

static void Report(string path, string label, double seconds, long allocated, long segments, string what)
{
    var size = new FileInfo(path).Length;
    var mb = size / 1024.0 / 1024.0;
    Console.WriteLine($"{label}: read {mb:F1} MB, {what} in {seconds * 1000:F0} ms: {mb / seconds:F1} MB/s, allocated {allocated / 1024.0 / 1024.0:F1} MB ({(double)allocated / size:F2} B/byte, {(double)allocated / segments:F0} B/segment)");
}

static long CountSegments(string path)
{
    using var tokenizer = new X12Tokenizer(File.OpenRead(path));
    var segments = 0L;
    while (tokenizer.Read())
        segments++;
    return segments;
}

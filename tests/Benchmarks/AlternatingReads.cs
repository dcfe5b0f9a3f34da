using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace RevenueCycle.Benchmarks;

/// <summary>
/// Two builds of the X12 library side by side in one process: each build's RevenueCycle.X12.dll is loaded into its own
/// <see cref="AssemblyLoadContext"/>, and their streaming 835 reads (ReadNextHeader/ReadNextClaim) alternate, A B B A A B ...,
/// each timed by the reading thread's CPU time. On the shared two-core machine the wall clock of a read moves by 2× with
/// the others' load; alternating in one process gives both builds the same load, the same file in the page cache and the
/// same GC, and thread CPU time leaves out the time other processes held the core. Read-to-read spread is then about 1%.
/// </summary>
/// <remarks>
/// The thread's CPU time includes the kernel's copying of the file and the gen0 collections the read triggers (workstation
/// GC collects on the allocating thread), not the background GC's or the JIT's threads. The first six reads of each build
/// (tiering up, GC budgets settling) are not counted.
/// </remarks>
public static class AlternatingReads
{
    private const int WarmUpRounds = 6;

    public static void Run(string beforeDirectory, string afterDirectory, string path, int rounds, bool tokenizeOnly)
    {
        string[] directories = [beforeDirectory, afterDirectory];
        var reads = directories.Select(directory => tokenizeOnly ? Tokenize(directory, path) : ReadClaims(directory, path)).ToArray();
        var seconds = new[] { new List<double>(), new List<double>() };
        var allocated = new long[2];
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < 2; k++)
            {
                var which = round % 2 == 0 ? k : 1 - k; // A B, B A, A B, ...: neither is always first after the other
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var started = ThreadCpuSeconds();
                reads[which]();
                var elapsed = ThreadCpuSeconds() - started;
                allocated[which] = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                if (round >= WarmUpRounds)
                    seconds[which].Add(elapsed);
            }
        }

        var size = new FileInfo(path).Length;
        var megabytes = size / 1024.0 / 1024.0;
        var medians = new double[2];
        for (var k = 0; k < 2; k++)
        {
            var sorted = seconds[k].Order().ToList();
            medians[k] = sorted[sorted.Count / 2];
            Console.WriteLine($"{(k == 0 ? "before" : "after")} ({directories[k]}): {megabytes / medians[k]:F1} MB/s of thread CPU, median of {sorted.Count} reads "
                + $"(fastest {megabytes / sorted[0]:F1}, slowest {megabytes / sorted[^1]:F1}), {(double)allocated[k] / size:F2} B/byte");
        }
        Console.WriteLine($"after/before: {medians[0] / medians[1]:F3} (medians), {seconds[0].Min() / seconds[1].Min():F3} (fastest reads); "
            + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static Assembly LoadX12(string directory) =>
        new AssemblyLoadContext(directory).LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(directory, "RevenueCycle.X12.dll")));

    /// <summary>A typed streaming read of the whole file by that build, through its public API (by reflection, bound once per read).</summary>
    private static Action ReadClaims(string directory, string path)
    {
        var reader = LoadX12(directory).GetType("RevenueCycle.X12.Remittance.Remittance835Reader", throwOnError: true)!;
        var create = reader.GetConstructor([typeof(Stream), typeof(bool)])!;
        var readNextHeader = reader.GetMethod("ReadNextHeader")!;
        var readNextClaim = reader.GetMethod("ReadNextClaim")!;
        return () =>
        {
            using var instance = (IDisposable)create.Invoke([File.OpenRead(path), false]);
            var nextHeader = readNextHeader.CreateDelegate<Func<object?>>(instance);
            var nextClaim = readNextClaim.CreateDelegate<Func<object?>>(instance);
            while (nextHeader() is not null)
            {
                while (nextClaim() is not null)
                {
                }
            }
        };
    }

    /// <summary>The tokenizer alone (decoding and splitting segments), for the share of a read that is not the typed building.</summary>
    private static Action Tokenize(string directory, string path)
    {
        var tokenizer = LoadX12(directory).GetType("RevenueCycle.X12.X12Tokenizer", throwOnError: true)!;
        var create = tokenizer.GetConstructor([typeof(Stream), typeof(bool)])!;
        var read = tokenizer.GetMethod("Read")!;
        return () =>
        {
            using var instance = (IDisposable)create.Invoke([File.OpenRead(path), false]);
            var next = read.CreateDelegate<Func<bool>>(instance);
            while (next())
            {
            }
        };
    }

    private static double ThreadCpuSeconds()
    {
        if (clock_gettime(ThreadCpuClock, out var time) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: ab-835 needs Linux");
        return time.Seconds + time.Nanoseconds / 1e9;
    }

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

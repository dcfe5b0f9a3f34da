using System.Diagnostics;
using BenchmarkDotNet.Running;
using RevenueCycle.Benchmarks;
using RevenueCycle.X12.Remittance;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'         BenchmarkDotNet suites
// dotnet run -c Release --project tests/Benchmarks -- generate-835 <path> <megabytes>
// dotnet run -c Release --project tests/Benchmarks -- time-835 <path>      one full typed read, in MB/s
switch (args)
{
    case ["generate-835", var path, var megabytes]:
        using (var file = new StreamWriter(path, append: false, System.Text.Encoding.ASCII, bufferSize: 1 << 16))
            Remittance835Generator.Write(file, long.Parse(megabytes, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024);
        Console.WriteLine($"{path}: {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MB");
        return 0;

    case ["time-835", var path]:
        // Two reads: the first includes JIT compilation (what a one-off import costs), the second is warm.
        TimeRead(path, "cold");
        TimeRead(path, "warm");
        return 0;

    default:
        BenchmarkSwitcher.FromAssembly(typeof(Remittance835Generator).Assembly).Run(args);
        return 0;
}

static void TimeRead(string path, string label)
{
    var size = new FileInfo(path).Length;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var stopwatch = Stopwatch.StartNew();
    int transactions = 0, claims = 0;
    using (var reader = new Remittance835Reader(File.OpenRead(path)))
    {
        foreach (var remittance in reader.ReadAll())
        {
            transactions++;
            claims += remittance.Claims.Count();
        }
    }
    stopwatch.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var mb = size / 1024.0 / 1024.0;
    Console.WriteLine($"{label}: read {mb:F1} MB, {transactions} transaction sets, {claims} claims in {stopwatch.Elapsed.TotalMilliseconds:F0} ms: {mb / stopwatch.Elapsed.TotalSeconds:F1} MB/s, allocated {allocated / 1024.0 / 1024.0:F1} MB");
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Benchmarks;

/// <summary>
/// Reads a generated 10 MB 835 from memory: (a) the bare tokenizer touching every element, and
/// (b) the full typed read with envelope and balancing checks. The MB/s column divides the file
/// size by the mean time; B/byte and B/segment divide the allocated bytes by the file's size and by
/// its number of segments.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class Remittance835Benchmarks
{
    public const int FileMegabytes = 10;

    private string _x12 = "";

    public static long FileCharacters { get; private set; }

    [GlobalSetup]
    public void Generate()
    {
        var text = new StringWriter();
        Remittance835Generator.Write(text, FileMegabytes * 1024L * 1024L);
        _x12 = text.ToString();
        FileCharacters = _x12.Length;
    }

    [Benchmark(Baseline = true)]
    public int Tokenize()
    {
        using var tokenizer = new X12Tokenizer(new StringReader(_x12));
        var elements = 0;
        while (tokenizer.Read())
            elements += tokenizer.Current.ElementCount;
        return elements;
    }

    [Benchmark]
    public int ReadTyped()
    {
        using var reader = new Remittance835Reader(new StringReader(_x12));
        var claims = 0;
        foreach (var remittance in reader.ReadAll())
            claims += remittance.ClaimGroups[0].Claims.Count;
        return claims;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new FileColumn("MB/s", "Megabytes of X12 read per second (file size / mean time)",
                (file, report) => report.ResultStatistics is { } statistics ? file.Bytes / 1024.0 / 1024.0 / (statistics.Mean / 1e9) : null));
            AddColumn(new FileColumn("B/byte", "Bytes allocated per byte of X12 read",
                (file, report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } allocated ? (double)allocated / file.Bytes : null));
            AddColumn(new FileColumn("B/segment", "Bytes allocated per segment read",
                (file, report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } allocated ? (double)allocated / file.Segments : null));
        }
    }

    /// <summary>The benchmarked file's size and segment count (one byte per character in ASCII X12).</summary>
    private sealed record GeneratedFile(long Bytes, long Segments)
    {
        // The columns are computed in the host process, not in the benchmark's: generate the file again.
        // Its content is fixed by the generator's seed.
        public static readonly Lazy<GeneratedFile> Instance = new(() =>
        {
            var text = new StringWriter();
            Remittance835Generator.Write(text, FileMegabytes * 1024L * 1024L);
            var x12 = text.ToString();
            using var tokenizer = X12Tokenizer.FromString(x12);
            var segments = 0L;
            while (tokenizer.Read())
                segments++;
            return new GeneratedFile(x12.Length, segments);
        });
    }

    /// <summary>A figure derived from a benchmark's report and the file it read.</summary>
    private sealed class FileColumn(string name, string legend, Func<GeneratedFile, BenchmarkReport, double?> value) : IColumn
    {
        public string Id => name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            summary[benchmarkCase] is { } report && value(GeneratedFile.Instance.Value, report) is { } figure
                ? figure.ToString(figure < 10 ? "F2" : "F1", System.Globalization.CultureInfo.InvariantCulture)
                : "-";
    }
}

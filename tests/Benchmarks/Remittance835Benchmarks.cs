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
/// size by the mean time.
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
        public ThroughputConfig() => AddColumn(new ThroughputColumn());
    }

    /// <summary>File size (characters, one byte each in ASCII X12) divided by the mean time.</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "Throughput";
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Megabytes of X12 read per second";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics)
                return "-";
            // The benchmark process generated the file; its size is fixed by the generator's seed, so measure it here again.
            var megabytes = ExpectedFileBytes.Value / 1024.0 / 1024.0;
            return (megabytes / (statistics.Mean / 1e9)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }

        private static readonly Lazy<long> ExpectedFileBytes = new(() =>
        {
            var text = new StringWriter();
            Remittance835Generator.Write(text, FileMegabytes * 1024L * 1024L);
            return text.GetStringBuilder().Length;
        });
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using InferScope.Exposition;

namespace InferScope.Benchmarks;

/// <summary>
/// Parser throughput on the largest captured engine payload (TGI, 98,977 bytes in 0.0.4) and on a
/// synthetic vLLM payload of 64 engine ranks (12,096 samples), each in both text formats.
/// The payload names end in <c>.prom</c> for the 0.0.4 format and <c>.om</c> for OpenMetrics.
/// <c>Parse</c> builds the full <see cref="ScrapePayload"/>; <c>ReadForIngest</c> is the scrape loop's
/// path: the reader with reused state and a series cache that turns each sample into labels.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ExpositionBenchmarks
{
    private static Dictionary<string, Input> Inputs { get; } = new(StringComparer.Ordinal);

    private readonly ExpositionReaderState state = new();
    private SeriesLabelsCache cache = new();
    private Input input = null!;

    [Params("tgi.prom", "tgi.om", "vllm64.prom", "vllm64.om")]
    public string Payload { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        input = InputFor(Payload);
        cache = new SeriesLabelsCache();
        ReadForIngest();
    }

    [Benchmark]
    public ScrapePayload Parse() => ExpositionParser.Parse(input.Bytes, input.Format);

    [Benchmark]
    public double ReadForIngest()
    {
        var reader = new ExpositionReader(input.Bytes, input.Format, state);
        var sum = 0.0;
        ExpositionEntry entry;
        while ((entry = reader.Next()) != ExpositionEntry.EndOfInput)
        {
            if (entry == ExpositionEntry.Sample)
            {
                sum += cache.Get(reader).Count + reader.Value;
            }
        }

        return sum;
    }

    [Benchmark]
    public byte[] Write() => ExpositionWriter.ToBytes(input.Families, input.Format);

    internal static Input InputFor(string payload)
    {
        lock (Inputs)
        {
            if (!Inputs.TryGetValue(payload, out var result))
            {
                var text = payload.StartsWith("vllm64", StringComparison.Ordinal)
                    ? SyntheticExposition.Create(64)
                    : File.ReadAllBytes(FixturePath("tgi-3.x.prom"));
                var families = ExpositionParser.Parse(text, ExpositionFormat.PrometheusText).Families;
                var format = payload.EndsWith(".om", StringComparison.Ordinal) ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
                var bytes = format == ExpositionFormat.OpenMetrics ? ExpositionWriter.ToBytes(families, format) : text;
                result = new Input(bytes, format, ExpositionParser.Parse(bytes, format).Families);
                Inputs[payload] = result;
            }

            return result;
        }
    }

    private static string FixturePath(string file)
    {
        var shared = Environment.GetEnvironmentVariable("INFERSCOPE_SHARED_DIR");
        if (string.IsNullOrEmpty(shared))
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "InferScope.slnx")))
            {
                directory = directory.Parent;
            }

            shared = Path.Combine(directory?.FullName ?? ".", "..", "shared");
        }

        return Path.Combine(shared, "fixtures", "engines", file);
    }

    internal sealed record Input(byte[] Bytes, ExpositionFormat Format, IReadOnlyList<MetricFamily> Families)
    {
        public int Samples { get; } = Families.Sum(f => f.Points.Count);
    }

    /// <summary>Adds throughput in MB/s and allocated bytes per sample to the summary table.</summary>
    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new PayloadColumn("Size (KB)", (input, _, _) => input.Bytes.Length / 1024.0, "0.0"));
            AddColumn(new PayloadColumn("Samples", (input, _, _) => input.Samples, "0"));
            AddColumn(new PayloadColumn("MB/s", (input, meanNs, _) => input.Bytes.Length / (meanNs / 1e9) / 1e6, "0.0"));
            AddColumn(new PayloadColumn("B/sample", (input, _, allocated) => allocated / (double)input.Samples, "0.00"));
        }
    }

    private sealed class PayloadColumn(string name, Func<Input, double, long, double> compute, string format) : IColumn
    {
        public string Id => nameof(PayloadColumn) + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => name switch
        {
            "MB/s" => "Payload megabytes (10^6 bytes) processed per second, from the mean time",
            "B/sample" => "Bytes allocated per operation divided by the samples in the payload",
            _ => name + " of the payload",
        };

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            var payload = (string)benchmarkCase.Parameters["Payload"];
            if (report?.ResultStatistics is not { } statistics)
            {
                return "-";
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? 0;
            return compute(InputFor(payload), statistics.Mean, allocated).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}

using BenchmarkDotNet.Attributes;
using InferScope.Engines;
using InferScope.Exposition;

namespace InferScope.Benchmarks;

/// <summary>
/// Cost of <see cref="EngineNormalizer.Normalize"/> on real engine payloads, which the ingest path
/// pays on every scrape. Parsing is done once in setup and not measured.
/// </summary>
[MemoryDiagnoser]
public class NormalizeBenchmarks
{
    private ScrapePayload payload = null!;

    [Params("vllm-v0-0.5.prom", "tgi-3.x.prom", "dcgm-exporter-4.x.prom", "node-exporter-1.5.prom")]
    public string Fixture { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var bytes = File.ReadAllBytes(Path.Combine(SharedFolder(), "fixtures", "engines", Fixture));
        payload = ExpositionParser.Parse(bytes, "text/plain; version=0.0.4");
    }

    [Benchmark]
    public NormalizationResult Normalize() => EngineNormalizer.Normalize(payload, null);

    [Benchmark]
    public NormalizationResult NormalizeWithHint() => EngineNormalizer.Normalize(payload, EngineDetector.Detect(payload));

    private static string SharedFolder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("INFERSCOPE_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "InferScope.slnx")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new DirectoryNotFoundException("InferScope.slnx not found above the benchmark; set INFERSCOPE_SHARED_DIR to the folder with fixtures/.")
            : Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared"));
    }
}

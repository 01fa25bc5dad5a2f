using InferScope.TestSupport;

namespace InferScope.Engines.Tests;

public class FixtureDetectionTests
{
    // The engine each fixture's file name names.
    public static TheoryData<string, EngineKind> Fixtures => new()
    {
        { "vllm-v0-0.5.prom", EngineKind.Vllm },
        { "vllm-v1-0.8-docs-excerpts.prom", EngineKind.Vllm },
        { "vllm-v1-0.10.0-issue-excerpts.prom", EngineKind.Vllm },
        { "vllm-v1-0.28-excerpt.prom", EngineKind.Vllm },
        { "nim-llm-1.x.prom", EngineKind.Nim },
        { "sglang-0.4-docs.prom", EngineKind.Sglang },
        { "sglang-0.4.9-pd-excerpts.prom", EngineKind.Sglang },
        { "tgi-3.x.prom", EngineKind.Tgi },
        { "triton-trtllm-readme.prom", EngineKind.TritonTrtllm },
        { "djl-serving-0.27-docs.prom", EngineKind.Djl },
        { "llamacpp-b10380.prom", EngineKind.LlamaCpp },
        { "llamacpp-a2df278-commit-excerpt.prom", EngineKind.LlamaCpp },
        { "dcgm-exporter-4.x.prom", EngineKind.Dcgm },
        { "node-exporter-1.5.prom", EngineKind.NodeExporter },
    };

    [Fact]
    public void Fixtures_ListEveryFileInTheFolder()
    {
        var listed = Fixtures.Select(row => (string)row[0]).ToHashSet();
        var files = Directory.GetFiles(SharedData.PathOf("fixtures", "engines"), "*.prom").Select(f => Path.GetFileName(f));

        Assert.All(files, file => Assert.True(listed.Contains(file), $"{file} has no expected engine in this test."));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Detect_NamesTheFixturesEngine(string file, EngineKind expected)
    {
        var payload = Payloads.Fixture(file);

        Assert.Equal(expected, EngineDetector.Detect(payload));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Normalize_YieldsUnifiedMetrics(string file, EngineKind expected)
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture(file), hint: null);

        Assert.Equal(expected, result.Engine);
        Assert.True(result.Detected);
        Assert.NotEmpty(result.Unified);
        Assert.All(result.Unified, family => Assert.StartsWith("llm_", family.Name, StringComparison.Ordinal));
        Assert.All(result.Unified, family => Assert.NotEmpty(family.Points));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Normalize_EngineFixtures_LabelEverySeriesWithTheEngine(string file, EngineKind expected)
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture(file), hint: null);
        var exporter = expected is EngineKind.Dcgm or EngineKind.NodeExporter;

        foreach (var point in result.Unified.SelectMany(f => f.Points))
        {
            Assert.Equal(exporter ? null : expected.ToLabelValue(), point.Labels.Get("engine"));
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Normalize_Labels_AreSortedAndUnique(string file, EngineKind expected)
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture(file), expected);

        foreach (var point in result.Unified.SelectMany(f => f.Points))
        {
            var labels = point.Labels.AsSpan();
            for (var i = 1; i < labels.Length; i++)
            {
                Assert.True(
                    string.CompareOrdinal(labels[i - 1].Name, labels[i].Name) < 0,
                    $"{point.Labels} is not sorted by label name, or repeats {labels[i].Name}.");
            }

            foreach (var label in labels)
            {
                Assert.NotEqual("", label.Value);
            }
        }
    }
}

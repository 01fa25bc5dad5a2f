using InferScope.Engines;
using InferScope.Simulation.Engine;
using InferScope.Simulation.Fleet;
using InferScope.Simulation.Hardware;
using InferScope.Simulation.Metrics;
using InferScope.Simulation.Performance;
using InferScope.TestSupport;

namespace InferScope.Simulation.Tests;

/// <summary>
/// Compares each simulated exposition with the real engine's captured payload, family by family:
/// names, types, label names and bucket bounds. A renamed family or a changed bucket fails here.
/// </summary>
public sealed class FixtureShapeTests
{
    private static ExpositionShape Fixture(string file) =>
        ExpositionShape.Parse(File.ReadAllText(SharedData.PathOf("fixtures", "engines", file)));

    private static ExpositionShape Simulated(EngineKind kind, SimulatedEngineOptions? options = null)
    {
        var engine = new SimulatedEngine(kind, ModelCatalog.Llama31_8B, GpuCatalog.L4, options ?? new SimulatedEngineOptions { StartUnixSeconds = 1.75e9 });
        for (var i = 0; i < 20; i++)
        {
            engine.Submit(new SimRequest(i + 1, i * 0.1, 200 + (i * 10), 20 + i, 64) { PrefixId = 1 + (i % 3), PrefixTokens = 64 });
        }

        engine.RunUntil(120);
        return ExpositionShape.Parse(engine.RenderMetrics(120));
    }

    /// <summary>Checks that every fixture family exists in the simulation with the same type, label names and bucket prefix.</summary>
    private static void AssertContains(ExpositionShape fixture, ExpositionShape simulated, params string[] labelsOnlyInSimulation)
    {
        foreach (var expected in fixture.Families.Values)
        {
            Assert.True(simulated.Families.TryGetValue(expected.Name, out var actual), $"family {expected.Name} is missing");
            Assert.Equal(expected.Type, actual.Type);
            if (expected.SampleCount > 0)
            {
                var actualLabels = actual.LabelNames.Except(labelsOnlyInSimulation).ToList();
                Assert.Equal(expected.LabelNames.ToList(), actualLabels);
            }

            AssertBucketPrefix(expected, actual);
        }
    }

    private static void AssertBucketPrefix(FamilyShape expected, FamilyShape actual)
    {
        Assert.True(
            expected.Buckets.Count <= actual.Buckets.Count,
            $"{expected.Name}: {expected.Buckets.Count} fixture buckets, {actual.Buckets.Count} simulated");
        for (var i = 0; i < expected.Buckets.Count; i++)
        {
            var tolerance = Math.Abs(expected.Buckets[i]) * 1e-12;
            Assert.True(
                Math.Abs(expected.Buckets[i] - actual.Buckets[i]) <= tolerance,
                $"{expected.Name}: bucket {i} is {actual.Buckets[i]}, fixture {expected.Buckets[i]}");
        }
    }

    private static void AssertSameFamilies(ExpositionShape fixture, ExpositionShape simulated, params string[] extraInSimulation)
    {
        var expectedNames = fixture.Families.Keys.Order(StringComparer.Ordinal).ToList();
        var actualNames = simulated.Families.Keys.Except(extraInSimulation).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNames, actualNames);
    }

    [Fact]
    public void Vllm_MatchesV010Capture()
    {
        var simulated = Simulated(EngineKind.Vllm);

        AssertContains(Fixture("vllm-v1-0.10.0-issue-excerpts.prom"), simulated);
    }

    [Fact]
    public void Vllm_MatchesV1DesignDocExamples()
    {
        // The early V1 example predates the engine label; everything else must agree.
        AssertContains(Fixture("vllm-v1-0.8-docs-excerpts.prom"), Simulated(EngineKind.Vllm), "engine");
    }

    [Fact]
    public void Vllm_HasEveryV1Family()
    {
        var simulated = Simulated(EngineKind.Vllm);
        string[] expected =
        [
            "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc",
            "vllm:num_preemptions_total", "vllm:prompt_tokens_total", "vllm:generation_tokens_total",
            "vllm:request_success_total", "vllm:prefix_cache_queries_total", "vllm:prefix_cache_hits_total",
            "vllm:iteration_tokens_total", "vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds",
            "vllm:e2e_request_latency_seconds", "vllm:request_queue_time_seconds", "vllm:request_inference_time_seconds",
            "vllm:request_prefill_time_seconds", "vllm:request_decode_time_seconds", "vllm:request_prompt_tokens",
            "vllm:request_generation_tokens", "vllm:request_max_num_generation_tokens", "vllm:request_params_n",
            "vllm:request_params_max_tokens", "vllm:cache_config_info",
        ];

        foreach (var name in expected)
        {
            Assert.True(simulated.Families.ContainsKey(name), $"family {name} is missing");
        }

        Assert.Equal(
            [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560],
            simulated.Families["vllm:time_to_first_token_seconds"].Buckets);
        Assert.Equal(100000, simulated.Families["vllm:request_prompt_tokens"].Buckets[^1]);
    }

    [Fact]
    public void Vllm_DataParallel_OneSeriesPerEngine()
    {
        var engine = new SimulatedEngine(EngineKind.Vllm, ModelCatalog.Llama31_8B, GpuCatalog.H100Sxm, new SimulatedEngineOptions { DataParallel = 2 });
        var text = engine.RenderMetrics(0);

        Assert.Contains("vllm:num_requests_running{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 0.0", text, StringComparison.Ordinal);
        Assert.Contains("vllm:num_requests_running{engine=\"1\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 0.0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sglang_MatchesV04DocsExactly()
    {
        var fixture = Fixture("sglang-0.4-docs.prom");
        var simulated = Simulated(EngineKind.Sglang);

        AssertSameFamilies(fixture, simulated);
        AssertContains(fixture, simulated);
        foreach (var family in fixture.Families.Values.Where(f => f.Buckets.Count > 0))
        {
            Assert.Equal(family.Buckets.Count, simulated.Families[family.Name].Buckets.Count);
        }
    }

    [Fact]
    public void Sglang_WritesSumBeforeBuckets()
    {
        var engine = new SimulatedEngine(EngineKind.Sglang, ModelCatalog.Llama31_8B, GpuCatalog.L4, new SimulatedEngineOptions());
        var lines = engine.RenderMetrics(0).Split('\n');
        var sum = Array.FindIndex(lines, l => l.StartsWith("sglang:time_to_first_token_seconds_sum", StringComparison.Ordinal));
        var bucket = Array.FindIndex(lines, l => l.StartsWith("sglang:time_to_first_token_seconds_bucket", StringComparison.Ordinal));
        var count = Array.FindIndex(lines, l => l.StartsWith("sglang:time_to_first_token_seconds_count", StringComparison.Ordinal));

        Assert.True(sum < bucket, "multiprocess mode writes _sum first");
        Assert.True(bucket < count, "_count comes after the buckets");
    }

    [Fact]
    public void Tgi_MatchesV3CaptureExactly()
    {
        var fixture = Fixture("tgi-3.x.prom");
        var simulated = Simulated(EngineKind.Tgi, new SimulatedEngineOptions { TgiMaxInputTokens = 511, TgiMaxTotalTokens = 512 });

        AssertSameFamilies(fixture, simulated);
        AssertContains(fixture, simulated);
        foreach (var family in fixture.Families.Values.Where(f => f.Buckets.Count > 0))
        {
            Assert.Equal(family.Buckets.Count, simulated.Families[family.Name].Buckets.Count);
        }
    }

    [Fact]
    public void Tgi_TokenBuckets_FollowMaxTokens()
    {
        var simulated = Simulated(EngineKind.Tgi, new SimulatedEngineOptions { TgiMaxInputTokens = 2047, TgiMaxTotalTokens = 2048 });

        Assert.Equal(20.47, simulated.Families["tgi_request_input_length"].Buckets[0], 9);
        Assert.Equal(2048, simulated.Families["tgi_request_generated_tokens"].Buckets[^1], 9);
    }

    [Fact]
    public void Djl_MatchesDocsExample()
    {
        var engine = new SimulatedEngine(EngineKind.Djl, ModelCatalog.Llama31_8B, GpuCatalog.A10G, new SimulatedEngineOptions());
        ((DjlMetrics)engine.Metrics).Startup = new StartupTimes(120, 40, 15, 10);
        var simulated = ExpositionShape.Parse(engine.RenderMetrics(0));

        AssertContains(Fixture("djl-serving-0.27-docs.prom"), simulated);
        Assert.Equal("/server/metrics", engine.Metrics.MetricsPath);
    }

    [Fact]
    public void Dcgm_MatchesExporterCapture()
    {
        var gpus = new[] { new SimGpu(0, GpuCatalog.L4, "GPU-00000000-0000-0000-0000-000000000001", "00000000:00:1E.0") };
        gpus[0].Update(10, 8, 2, 6);
        var simulated = ExpositionShape.Parse(DcgmExporter.Render("node-1", "vllm", "chat-0", gpus));
        var fixture = Fixture("dcgm-exporter-4.x.prom");

        AssertSameFamilies(fixture, simulated, "DCGM_FI_DEV_THERMAL_VIOLATION");
        AssertContains(fixture, simulated);
    }

    [Fact]
    public void NodeExporter_FamiliesExistInCapture()
    {
        var simulated = ExpositionShape.Parse(NodeExporter.Render("node-1", 4, 64e9, 1.7e9, 1.7e9 + 3600, 0.2, 1e6));
        var fixture = Fixture("node-exporter-1.5.prom");

        AssertContains(simulated, fixture);
    }
}

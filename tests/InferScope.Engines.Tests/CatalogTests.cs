using InferScope.Engines.Adapters;
using InferScope.Engines.Catalog;
using InferScope.Model;

namespace InferScope.Engines.Tests;

public class CatalogTests
{
    [Fact]
    public void Catalog_HasAtLeastOneHundredMetrics()
    {
        Assert.True(UnifiedCatalog.All.Count >= 100, $"The catalog has {UnifiedCatalog.All.Count} metrics.");
    }

    [Fact]
    public void Catalog_CoversEveryGroup()
    {
        foreach (var group in Enum.GetValues<MetricGroup>())
        {
            Assert.Contains(UnifiedCatalog.All, m => m.Group == group);
        }
    }

    [Fact]
    public void Catalog_NamesFollowPrometheusConventions()
    {
        foreach (var metric in UnifiedCatalog.All)
        {
            Assert.StartsWith("llm_", metric.Name, StringComparison.Ordinal);
            Assert.True(
                (metric.Type == MetricType.Counter) == metric.Name.EndsWith("_total", StringComparison.Ordinal),
                $"{metric.Name} is a {metric.Type}; only counters end in _total.");
            Assert.Matches("^[a-z0-9_]+$", metric.Name);
        }
    }

    [Fact]
    public void Catalog_EveryMetricIsDocumented()
    {
        foreach (var metric in UnifiedCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(metric.Meaning), metric.Name);
            Assert.False(string.IsNullOrWhiteSpace(metric.Unit), metric.Name);
        }
    }

    [Fact]
    public void Catalog_EveryMetricHasASourceOrAProducer()
    {
        var orphans = UnifiedCatalog.All.Where(m => m.Sources.Count == 0 && m.Producer is null).Select(m => m.Name);

        Assert.Empty(orphans);
    }

    [Fact]
    public void Catalog_NamesOpenTelemetryConventions()
    {
        Assert.Equal("gen_ai.server.time_to_first_token", UnifiedCatalog.Find("llm_time_to_first_token_seconds")!.OpenTelemetryName);
        Assert.Equal("gen_ai.server.time_per_output_token", UnifiedCatalog.Find("llm_time_per_output_token_seconds")!.OpenTelemetryName);
        Assert.Equal("gen_ai.server.request.duration", UnifiedCatalog.Find("llm_e2e_request_latency_seconds")!.OpenTelemetryName);
        Assert.Null(UnifiedCatalog.Find("llm_inter_token_latency_seconds")!.OpenTelemetryName);
    }

    [Fact]
    public void Catalog_EngineSeriesCarryTheCommonLabels()
    {
        var labels = UnifiedCatalog.Find("llm_requests_running")!.Labels;

        Assert.All(UnifiedLabels.Common, label => Assert.Contains(label, labels));
        Assert.Contains("dp_rank", labels);
    }

    [Fact]
    public void Sources_NameEachEnginesSourceMetric()
    {
        var sources = UnifiedCatalog.Find("llm_kv_cache_usage_ratio")!.Sources;

        Assert.Contains(sources, s => s.Engine == EngineKind.Vllm && s.Expression == "vllm:kv_cache_usage_perc" && !s.Deprecated);
        Assert.Contains(sources, s => s.Engine == EngineKind.Vllm && s.Expression == "vllm:gpu_cache_usage_perc" && s.Deprecated);
        Assert.Contains(sources, s => s.Engine == EngineKind.Sglang && s.Expression == "sglang:token_usage");
        Assert.Contains(sources, s => s.Engine == EngineKind.TritonTrtllm
            && s.Expression == "nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type=\"fraction\"}");
    }

    [Fact]
    public void Sources_ShowConversions()
    {
        var memory = Assert.Single(UnifiedCatalog.Find("llm_gpu_memory_used_bytes")!.Sources, s => s.Engine == EngineKind.Dcgm);
        var tokens = Assert.Single(UnifiedCatalog.Find("llm_prompt_tokens_total")!.Sources, s => s.Engine == EngineKind.Tgi);

        Assert.Equal("DCGM_FI_DEV_FB_USED", memory.Expression);
        Assert.Equal("MiB → bytes", memory.Conversion);
        Assert.Equal("tgi_request_input_length_sum", tokens.Expression);
    }

    [Fact]
    public void CapabilityMatrix_MarksMissingAndConverted()
    {
        Assert.Equal(Capability.Native, CapabilityMatrix.Get(EngineKind.Vllm, "llm_time_to_first_token_seconds"));
        Assert.Equal(Capability.Missing, CapabilityMatrix.Get(EngineKind.LlamaCpp, "llm_time_to_first_token_seconds"));
        Assert.Equal(Capability.Missing, CapabilityMatrix.Get(EngineKind.Djl, "llm_kv_cache_usage_ratio"));
        Assert.Equal(Capability.Converted, CapabilityMatrix.Get(EngineKind.Dcgm, "llm_gpu_memory_used_bytes"));
        Assert.Equal(Capability.Native, CapabilityMatrix.Get(EngineKind.Dcgm, "llm_gpu_temperature_celsius"));
        Assert.Equal(Capability.Converted, CapabilityMatrix.Get(EngineKind.Tgi, "llm_prompt_tokens_total"));
        Assert.Equal(Capability.Legacy, CapabilityMatrix.Get(EngineKind.LlamaCpp, "llm_kv_cache_usage_ratio"));
        Assert.Equal(Capability.Native, CapabilityMatrix.Get(EngineKind.Vllm, "llm_kv_cache_usage_ratio"));
        Assert.Contains(CapabilityMatrix.ProvidedBy(EngineKind.Tgi), m => m.Name == "llm_request_queue_time_seconds");
    }

    [Fact]
    public void Adapters_ExistForEveryKnownEngine()
    {
        foreach (var kind in EngineKindNames.All)
        {
            Assert.Equal(kind, EngineAdapters.For(kind).Kind);
            Assert.NotEmpty(EngineAdapters.For(kind).Rules.Rules);
        }
    }

    [Fact]
    public void EngineKindNames_RoundTripLabelValues()
    {
        foreach (var kind in EngineKindNames.All)
        {
            Assert.True(EngineKindNames.TryParse(kind.ToLabelValue(), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.False(EngineKindNames.TryParse("vllmm", out _));
    }
}

using InferScope.Exposition;

namespace InferScope.Engines.Tests;

public class NormalizerTests
{
    [Fact]
    public void UnknownPayload_ReturnsUnknownWithAProblem()
    {
        var payload = Payloads.Parse("""
            # TYPE my_app_requests_total counter
            my_app_requests_total 3
            """);

        var result = EngineNormalizer.Normalize(payload, null);

        Assert.Equal(EngineKind.Unknown, result.Engine);
        Assert.Empty(result.Unified);
        Assert.Contains("vllm", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyPayload_IsReported()
    {
        var result = EngineNormalizer.Normalize(new ScrapePayload(ExpositionFormat.PrometheusText, []), null);

        Assert.Equal("The payload has no metric families.", Assert.Single(result.Problems));
    }

    [Fact]
    public void Hint_OverridesDetection_AndReportsAMismatch()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("sglang-0.4-docs.prom"), EngineKind.Vllm);

        Assert.Equal(EngineKind.Vllm, result.Engine);
        Assert.False(result.Detected);
        Assert.Empty(result.Unified);
        Assert.Contains(result.Problems, p => p.Contains("configured as vllm", StringComparison.Ordinal));
    }

    [Fact]
    public void NimHint_VllmNames_NoMismatch()
    {
        var payload = Payloads.Parse("""
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="m"} 2
            """);

        var result = EngineNormalizer.Normalize(payload, EngineKind.Nim);

        Assert.Equal(2, result.Value("llm_requests_running", "engine", "nim"));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void HistogramDeclaredAsGauge_IsReportedNotMapped()
    {
        var payload = Payloads.Parse("""
            # TYPE vllm:time_to_first_token_seconds gauge
            vllm:time_to_first_token_seconds{model_name="m"} 0.2
            """);

        var result = EngineNormalizer.Normalize(payload, null);

        Assert.False(result.Has("llm_time_to_first_token_seconds"));
        Assert.Contains(result.Problems, p => p.Contains("needs a histogram", StringComparison.Ordinal));
    }

    [Fact]
    public void RawFamilies_AreLeftUnchanged()
    {
        var payload = Payloads.Fixture("dcgm-exporter-4.x.prom");
        var before = payload.Families.Sum(f => f.Points.Count);

        EngineNormalizer.Normalize(payload, null);

        Assert.Equal(before, payload.Families.Sum(f => f.Points.Count));
        Assert.Equal(48, payload.Families.Single(f => f.Name == "DCGM_FI_DEV_GPU_TEMP").Points[0].Value);
    }

    [Fact]
    public void OpenMetricsPayload_MapsCountersAndHistograms()
    {
        const string text = """
            # TYPE vllm:prompt_tokens counter
            vllm:prompt_tokens_total{engine="0",model_name="m"} 42.0
            vllm:prompt_tokens_created{engine="0",model_name="m"} 1.7e+09
            # TYPE vllm:e2e_request_latency_seconds histogram
            vllm:e2e_request_latency_seconds_bucket{engine="0",le="0.3",model_name="m"} 1.0
            vllm:e2e_request_latency_seconds_bucket{engine="0",le="+Inf",model_name="m"} 2.0
            vllm:e2e_request_latency_seconds_count{engine="0",model_name="m"} 2.0
            vllm:e2e_request_latency_seconds_sum{engine="0",model_name="m"} 1.25
            vllm:e2e_request_latency_seconds_created{engine="0",model_name="m"} 1.7e+09
            # EOF
            """;
        var payload = ExpositionParser.Parse(
            System.Text.Encoding.UTF8.GetBytes(text + "\n"), "application/openmetrics-text; version=1.0.0; charset=utf-8");

        var result = EngineNormalizer.Normalize(payload, null);

        Assert.Equal(ExpositionFormat.OpenMetrics, payload.Format);
        Assert.Equal(42, result.Value("llm_prompt_tokens_total", "dp_rank", "0"));
        Assert.Equal(1, result.Value("llm_e2e_request_latency_seconds_bucket", "le", "0.3"));
        Assert.Equal(1.25, result.Value("llm_e2e_request_latency_seconds_sum"));
        Assert.Equal(4, result.Family("llm_e2e_request_latency_seconds").Points.Count);
        Assert.Single(result.Family("llm_prompt_tokens").Points);
        Assert.Empty(result.Problems);
    }
}

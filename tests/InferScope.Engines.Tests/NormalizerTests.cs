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
}

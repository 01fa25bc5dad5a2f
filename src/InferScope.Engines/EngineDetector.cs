using System.Collections.Frozen;
using InferScope.Exposition;
using InferScope.Model;

namespace InferScope.Engines;

/// <summary>
/// Tells which engine or exporter produced a payload from its family names: each family votes for
/// the engine whose naming it matches, and the kind with the most votes wins. Families every
/// exporter shares (<c>process_*</c>, <c>python_*</c>, <c>go_*</c>, <c>http_*</c>) do not vote.
/// </summary>
public static class EngineDetector
{
    // vLLM's V0 names without the vllm: prefix, as NIM for LLMs (2024) and TensorRT-LLM 1.0's
    // trtllm-serve expose them.
    private static readonly FrozenSet<string> UnprefixedVllmNames = new[]
    {
        "num_requests_running", "num_requests_waiting", "num_request_max", "gpu_cache_usage_perc",
        "time_to_first_token_seconds", "time_per_output_token_seconds", "e2e_request_latency_seconds",
        "request_prompt_tokens", "request_generation_tokens", "request_finish_total", "request_finish",
        "request_success_total", "request_success", "request_failure_total", "request_failure",
        "request_queue_time_seconds",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> DjlNames = new[]
    {
        "DJLServingStart", "DJLServingStart_total", "StartupLatency", "RequestLatency", "QueueTime",
        "ModelLoadingError", "WlmError", "ServerError", "Response_2XX", "Response_4XX", "Response_5XX",
        "RollingBatchSize", "TokenLatency", "TokenThroughput",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly int KindCount = Enum.GetValues<EngineKind>().Length;

    /// <summary>Returns the engine with the most matching families, or <see cref="EngineKind.Unknown"/>.</summary>
    public static EngineKind Detect(ScrapePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Span<int> votes = stackalloc int[KindCount];
        foreach (var family in payload.Families)
        {
            votes[(int)Classify(family)]++;
        }

        var best = EngineKind.Unknown;
        var bestVotes = 0;
        foreach (var kind in EngineKindNames.All)
        {
            if (votes[(int)kind] > bestVotes)
            {
                best = kind;
                bestVotes = votes[(int)kind];
            }
        }

        return best;
    }

    /// <summary>Returns the engine whose naming a family follows, or <see cref="EngineKind.Unknown"/>.</summary>
    public static EngineKind Classify(MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var name = family.Name.AsSpan();
        if (name.StartsWith("vllm:") || name.StartsWith("ray_vllm") || name.StartsWith("kserve_vllm:"))
        {
            return EngineKind.Vllm;
        }

        if (name.StartsWith("sglang:") || name.StartsWith("sglang_"))
        {
            return EngineKind.Sglang;
        }

        if (name.StartsWith("tgi_"))
        {
            return EngineKind.Tgi;
        }

        if (name.StartsWith("nv_trt_llm_") || name.StartsWith("nv_inference_") || name.StartsWith("nv_llm_")
            || name.StartsWith("trtllm_") || name.StartsWith("trtllm:"))
        {
            return EngineKind.TritonTrtllm;
        }

        if (name.StartsWith("llamacpp:"))
        {
            return EngineKind.LlamaCpp;
        }

        if (name.StartsWith("DCGM_", StringComparison.OrdinalIgnoreCase))
        {
            return EngineKind.Dcgm;
        }

        if (name.StartsWith("node_"))
        {
            return EngineKind.NodeExporter;
        }

        if (DjlNames.Contains(family.Name) || family.Help.StartsWith(": prometheus ", StringComparison.Ordinal))
        {
            return EngineKind.Djl;
        }

        if (UnprefixedVllmNames.Contains(family.Name))
        {
            // TensorRT-LLM 1.0 used the same names but labels every family with engine_type.
            return family.Points.Count > 0 && family.Points[0].Labels.Has("engine_type")
                ? EngineKind.TritonTrtllm
                : EngineKind.Nim;
        }

        return EngineKind.Unknown;
    }

    private static bool StartsWith(this ReadOnlySpan<char> span, string prefix) =>
        span.StartsWith(prefix.AsSpan(), StringComparison.Ordinal);
}

using InferScope.Engines.Mapping;

namespace InferScope.Engines.Adapters;

/// <summary>
/// DJL Serving and the AWS LMI containers (<c>/server/metrics</c> with
/// <c>SERVING_PROMETHEUS=true</c>). Names are CamelCase, durations are in microseconds, and each
/// series has one label from the metric's first dimension: <c>Host</c>, <c>Version</c> or
/// <c>Model</c>. The per-request values are averages over DJL's aggregation window, not histograms.
/// </summary>
internal static class DjlAdapter
{
    private static readonly Dictionary<string, string?> LabelRenames = new(StringComparer.Ordinal)
    {
        ["Model"] = "model",
        ["Host"] = "host",
        ["Version"] = "engine_version",
    };

    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.Djl, "");
        var microseconds = UnitScale.MicrosecondsToSeconds;

        rules.Copy("DJLServingStart", "llm_engine_starts_total");
        rules.CopyScalar("StartupLatency", "llm_engine_startup_duration_seconds").Scale(microseconds);
        rules.CopyScalar("StartupFailed", "llm_engine_start_failures_total");
        rules.CopyScalar("DownloadModel", "llm_model_download_duration_seconds").Scale(microseconds);
        rules.CopyScalar("LoadModel", "llm_model_load_duration_seconds").Scale(microseconds);
        rules.CopyScalar("ConvertTrtllm", "llm_model_conversion_duration_seconds").Scale(microseconds);
        rules.CopyScalar("ModelLoadingError", "llm_model_load_failures_total");

        rules.CopyScalar("Response_2XX", "llm_http_responses_total").With("code_class", "2xx");
        rules.CopyScalar("Response_4XX", "llm_http_responses_total").With("code_class", "4xx");
        rules.CopyScalar("RESPONSE_4_XX", "llm_http_responses_total").With("code_class", "4xx");
        rules.CopyScalar("Response_5XX", "llm_http_responses_total").With("code_class", "5xx");
        rules.CopyScalar("ServerError", "llm_server_errors_total");

        // WlmError means the work-load manager's job queue was full and the request was rejected.
        rules.CopyScalar("WlmError", "llm_requests_rejected_total");

        rules.CopyScalar("RequestLatency", "llm_e2e_request_latency_mean_seconds").Scale(microseconds);
        rules.CopyScalar("QueueTime", "llm_request_queue_time_mean_seconds").Scale(microseconds);
        rules.CopyScalar("Inference", "llm_request_inference_time_mean_seconds").Scale(microseconds);
        rules.CopyScalar("Preprocess", "llm_request_preprocess_time_mean_seconds").Scale(microseconds);
        rules.CopyScalar("Postprocess", "llm_request_postprocess_time_mean_seconds").Scale(microseconds);

        // NOTE: DJL documents durations in microseconds, and TokenLatency is assumed to follow that
        // rule, which no captured payload has confirmed yet.
        rules.CopyScalar("TokenLatency", "llm_inter_token_latency_mean_seconds").Scale(microseconds);
        rules.CopyScalar("TokenThroughput", "llm_generation_tokens_per_second");
        rules.CopyScalar("OutputTokens", "llm_request_generation_tokens_mean");
        rules.CopyScalar("RollingBatchSize", "llm_batch_size_mean");

        return new EngineAdapter(EngineKind.Djl, rules.Build(), LabelRenames, [], addsEngineLabel: true);
    }
}

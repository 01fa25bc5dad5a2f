using InferScope.Engines.Mapping;
using InferScope.Model;

namespace InferScope.Engines.Adapters;

/// <summary>
/// Hugging Face text-generation-inference. Its Rust exporter writes counters without
/// <c>_total</c>, and no family carries a model label: the scrape target's labels name the model.
/// TGI has no TTFT or inter-token histogram, so those stay missing rather than approximated.
/// </summary>
internal static class TgiAdapter
{
    private static readonly Dictionary<string, string?> LabelRenames = new(StringComparer.Ordinal)
    {
        ["err"] = "reason",
        ["method"] = "phase",
    };

    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.Tgi, "tgi_") { CounterSuffix = "" };
        rules.Copy("request_count", "llm_requests_received_total");
        rules.Copy("request_success", "llm_requests_succeeded_total");
        rules.Copy("request_failure", "llm_requests_failed_total");
        rules.Copy("queue_size", "llm_requests_waiting");
        rules.Copy("batch_current_size", "llm_requests_running");
        rules.Copy("batch_current_max_tokens", "llm_batch_max_tokens");
        rules.Copy("batch_max_total_tokens", "llm_kv_cache_capacity_tokens");
        rules.Copy("batch_concat", "llm_batch_concatenations_total");
        rules.Copy("batch_inference_count", "llm_engine_iterations_total");
        rules.Copy("batch_inference_failure", "llm_engine_iteration_failures_total");

        rules.Copy("request_duration", "llm_e2e_request_latency_seconds");
        rules.Copy("request_validation_duration", "llm_request_validation_time_seconds");
        rules.Copy("request_queue_duration", "llm_request_queue_time_seconds");
        rules.Copy("request_inference_duration", "llm_request_inference_time_seconds");
        rules.Copy("request_mean_time_per_token_duration", "llm_request_mean_time_per_token_seconds");
        rules.Copy("batch_forward_duration", "llm_batch_forward_duration_seconds");
        rules.HistogramSum("batch_forward_duration", "llm_prefill_seconds_total").Where("method", "prefill");
        rules.HistogramSum("batch_forward_duration", "llm_decode_seconds_total").Where("method", "decode");

        // TGI has no token counters, so the sums of its per-request length histograms are the totals.
        rules.Copy("request_input_length", "llm_request_prompt_tokens");
        rules.HistogramSum("request_input_length", "llm_prompt_tokens_total");
        rules.Copy("request_generated_tokens", "llm_request_generation_tokens");
        rules.HistogramSum("request_generated_tokens", "llm_generation_tokens_total");
        rules.Copy("request_max_new_tokens", "llm_request_max_tokens");
        rules.Copy("batch_next_size", "llm_batch_next_size");

        return new EngineAdapter(EngineKind.Tgi, rules.Build(), LabelRenames, [], addsEngineLabel: true);
    }
}

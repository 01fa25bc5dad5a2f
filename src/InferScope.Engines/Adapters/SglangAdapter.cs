using InferScope.Engines.Mapping;

namespace InferScope.Engines.Adapters;

/// <summary>
/// SGLang, with its own <c>sglang:</c> names and the <c>sglang_</c> spelling that gateways
/// re-expose. Scheduler-side families carry one series per rank (<c>tp_rank</c>, <c>pp_rank</c>,
/// and <c>dp_rank</c> with data-parallel attention). The ranks are kept, but the process id is dropped
/// so that a restart does not create new series.
/// </summary>
internal static class SglangAdapter
{
    private static readonly Dictionary<string, string?> LabelRenames = new(StringComparer.Ordinal)
    {
        ["model_name"] = "model",
        ["engine_type"] = "role",
        ["pid"] = null,
        ["mode"] = "phase",
    };

    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.Sglang, "sglang:", "sglang_");

        // Tokenizer side: request latency and token counters.
        rules.Copy("prompt_tokens", "llm_prompt_tokens_total");
        rules.Copy("prompt_tokens", "llm_prefix_cache_queries_total");
        rules.Copy("generation_tokens", "llm_generation_tokens_total");
        rules.Copy("cached_tokens", "llm_prefix_cache_hits_total");
        rules.Copy("num_requests", "llm_requests_finished_total");
        rules.Copy("num_so_requests", "llm_requests_structured_output_total");
        rules.Copy("num_aborted_requests", "llm_requests_aborted_total");
        rules.Copy("time_to_first_token_seconds", "llm_time_to_first_token_seconds");
        rules.Copy("inter_token_latency_seconds", "llm_inter_token_latency_seconds");

        // Until ~0.4.5 the per-token gap was named time_per_output_token_seconds.
        rules.Copy("time_per_output_token_seconds", "llm_inter_token_latency_seconds").ReplacedBy("inter_token_latency_seconds");
        rules.Copy("e2e_request_latency_seconds", "llm_e2e_request_latency_seconds");
        rules.Copy("num_retractions", "llm_request_preemptions");
        rules.Copy("prompt_tokens_histogram", "llm_request_prompt_tokens");
        rules.Copy("generation_tokens_histogram", "llm_request_generation_tokens");

        // Scheduler side: engine state per rank.
        rules.Copy("num_running_reqs", "llm_requests_running");
        rules.Copy("num_queue_reqs", "llm_requests_waiting");
        rules.Copy("num_grammar_queue_reqs", "llm_requests_grammar_waiting");
        rules.Copy("num_paused_reqs", "llm_requests_paused");
        rules.Copy("num_retracted_reqs", "llm_requests_preempted");
        rules.Copy("num_retracted_requests", "llm_preemptions_total");
        rules.Copy("num_used_tokens", "llm_kv_cache_used_tokens");
        rules.Copy("max_total_num_tokens", "llm_kv_cache_capacity_tokens");
        rules.Copy("token_usage", "llm_kv_cache_usage_ratio");
        rules.Copy("gen_throughput", "llm_generation_tokens_per_second");
        rules.Copy("cache_hit_rate", "llm_prefix_cache_hit_ratio");
        rules.Copy("spec_accept_length", "llm_spec_decode_acceptance_length");
        rules.Copy("spec_accept_rate", "llm_spec_decode_acceptance_ratio");
        rules.Copy("utilization", "llm_engine_utilization_ratio");
        rules.Copy("queue_time_seconds", "llm_request_queue_time_seconds");
        rules.Copy("per_stage_req_latency_seconds", "llm_request_stage_latency_seconds");
        rules.Copy("realtime_tokens", "llm_engine_tokens_total");
        rules.Copy("gpu_execution_seconds", "llm_gpu_busy_seconds_total");
        rules.Copy("engine_startup_time", "llm_engine_startup_duration_seconds");
        rules.Copy("engine_load_weights_time", "llm_model_load_duration_seconds");

        // Prefill-decode disaggregation.
        rules.Copy("num_prefill_prealloc_queue_reqs", "llm_disaggregation_queue_requests").With("queue", "prefill_prealloc");
        rules.Copy("num_prefill_inflight_queue_reqs", "llm_disaggregation_queue_requests").With("queue", "prefill_inflight");
        rules.Copy("num_decode_prealloc_queue_reqs", "llm_disaggregation_queue_requests").With("queue", "decode_prealloc");
        rules.Copy("num_decode_transfer_queue_reqs", "llm_disaggregation_queue_requests").With("queue", "decode_transfer");
        rules.Copy("num_bootstrap_failed_reqs", "llm_disaggregation_failures_total").With("stage", "bootstrap");
        rules.Copy("num_transfer_failed_reqs", "llm_disaggregation_failures_total").With("stage", "transfer");
        rules.Copy("kv_transfer_latency_ms", "llm_kv_transfer_latency_seconds").Scale(UnitScale.MillisecondsToSeconds);
        rules.Copy("kv_transfer_speed_gb_s", "llm_kv_transfer_speed_bytes_per_second").Scale(UnitScale.GigabytesToBytes);

        return new EngineAdapter(EngineKind.Sglang, rules.Build(), LabelRenames, ["model_name"], addsEngineLabel: true);
    }
}

using InferScope.Engines.Mapping;
using InferScope.Model;

namespace InferScope.Engines.Adapters;

/// <summary>
/// vLLM, V0 and V1 (<c>vllm:</c> names, also under Ray Serve's <c>ray_vllm:</c> and KServe's
/// <c>kserve_vllm:</c>). The <c>engine</c> label is vLLM's engine-core index, one per data-parallel
/// rank, so it becomes <c>dp_rank</c>, and the unified <c>engine</c> label names the engine kind.
/// </summary>
internal static class VllmAdapter
{
    private static readonly string[] Prefixes = ["vllm:", "ray_vllm:", "ray_vllm_", "kserve_vllm:"];

    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.Vllm, Prefixes);
        AddSharedRules(rules);
        rules.Copy("request_success", "llm_requests_finished_total");
        return new EngineAdapter(EngineKind.Vllm, rules.Build(), LabelRenames, IdentityLabels, addsEngineLabel: true);
    }

    /// <summary>Source labels renamed into the unified schema.</summary>
    internal static Dictionary<string, string?> LabelRenames { get; } = new(StringComparer.Ordinal)
    {
        ["model_name"] = "model",
        ["engine"] = "dp_rank",
        ["finished_reason"] = "reason",
        ["sleep_state"] = "state",
    };

    internal static string[] IdentityLabels { get; } = ["model_name", "engine"];

    /// <summary>
    /// Adds the rules that vLLM and NIM (which wraps vLLM) share. <c>request_success_total</c> is
    /// left out because NIM gives it a different meaning.
    /// </summary>
    internal static void AddSharedRules(RuleSetBuilder rules)
    {
        // Load.
        rules.Copy("num_requests_running", "llm_requests_running");
        rules.Copy("num_requests_waiting", "llm_requests_waiting");
        rules.Copy("num_requests_waiting_by_reason", "llm_requests_waiting_by_reason");
        rules.Copy("num_requests_swapped", "llm_requests_swapped").Deprecated("removed in vLLM V1, which does not swap");

        // KV cache. vLLM's *_perc gauges are already fractions from 0 to 1, despite the name.
        rules.Copy("kv_cache_usage_perc", "llm_kv_cache_usage_ratio");
        rules.Copy("gpu_cache_usage_perc", "llm_kv_cache_usage_ratio").ReplacedBy("kv_cache_usage_perc");
        rules.Copy("cpu_cache_usage_perc", "llm_kv_cache_cpu_usage_ratio").Deprecated("removed in vLLM V1");
        rules.InfoLabel("cache_config_info", "num_gpu_blocks", "llm_kv_cache_capacity_blocks");
        rules.InfoLabel("cache_config_info", "block_size", "llm_kv_cache_block_size_tokens");
        rules.Copy("prefix_cache_queries", "llm_prefix_cache_queries_total");
        rules.Copy("prefix_cache_hits", "llm_prefix_cache_hits_total");
        rules.Copy("gpu_prefix_cache_queries", "llm_prefix_cache_queries_total").ReplacedBy("prefix_cache_queries");
        rules.Copy("gpu_prefix_cache_hits", "llm_prefix_cache_hits_total").ReplacedBy("prefix_cache_hits");
        rules.Copy("gpu_prefix_cache_hit_rate", "llm_prefix_cache_hit_ratio").Deprecated("removed in vLLM V1; use vllm:prefix_cache_hits_total / vllm:prefix_cache_queries_total");
        rules.Copy("external_prefix_cache_queries", "llm_external_prefix_cache_queries_total");
        rules.Copy("external_prefix_cache_hits", "llm_external_prefix_cache_hits_total");
        rules.Copy("mm_cache_queries", "llm_multimodal_cache_queries_total");
        rules.Copy("mm_cache_hits", "llm_multimodal_cache_hits_total");
        rules.Copy("num_preemptions", "llm_preemptions_total");
        rules.Copy("request_num_preemptions", "llm_request_preemptions");
        rules.Copy("kv_block_lifetime_seconds", "llm_kv_block_lifetime_seconds");
        rules.Copy("kv_block_idle_before_evict_seconds", "llm_kv_block_idle_before_evict_seconds");
        rules.Copy("kv_block_reuse_gap_seconds", "llm_kv_block_reuse_gap_seconds");

        // Tokens.
        rules.Copy("prompt_tokens", "llm_prompt_tokens_total");
        rules.Copy("generation_tokens", "llm_generation_tokens_total");
        rules.Copy("prompt_tokens_cached", "llm_prompt_tokens_cached_total");
        rules.Copy("prompt_tokens_by_source", "llm_prompt_tokens_by_source_total");
        rules.Copy("request_prompt_tokens", "llm_request_prompt_tokens");
        rules.Copy("request_generation_tokens", "llm_request_generation_tokens");
        rules.Copy("request_max_num_generation_tokens", "llm_request_max_generation_tokens");
        rules.Copy("request_params_max_tokens", "llm_request_max_tokens");
        rules.Copy("request_params_n", "llm_request_params_n");
        rules.Copy("request_prefill_kv_computed_tokens", "llm_request_prefill_computed_tokens");

        // A histogram despite its _total suffix, so its name keeps the suffix.
        rules.Copy("iteration_tokens_total", "llm_iteration_tokens");
        rules.Copy("avg_prompt_throughput_toks_per_s", "llm_prompt_tokens_per_second").Deprecated("removed in vLLM V1; use rate(vllm:prompt_tokens_total)");
        rules.Copy("avg_generation_throughput_toks_per_s", "llm_generation_tokens_per_second").Deprecated("removed in vLLM V1; use rate(vllm:generation_tokens_total)");
        rules.Copy("spec_decode_num_drafts", "llm_spec_decode_drafts_total");
        rules.Copy("spec_decode_num_draft_tokens", "llm_spec_decode_draft_tokens_total");
        rules.Copy("spec_decode_num_accepted_tokens", "llm_spec_decode_accepted_tokens_total");

        // Latency.
        rules.Copy("time_to_first_token_seconds", "llm_time_to_first_token_seconds");
        rules.Copy("inter_token_latency_seconds", "llm_inter_token_latency_seconds");
        rules.Copy("time_per_output_token_seconds", "llm_inter_token_latency_seconds").ReplacedBy("inter_token_latency_seconds");
        rules.Copy("request_time_per_output_token_seconds", "llm_time_per_output_token_seconds");
        rules.Copy("e2e_request_latency_seconds", "llm_e2e_request_latency_seconds");
        rules.Copy("request_queue_time_seconds", "llm_request_queue_time_seconds");
        rules.Copy("request_prefill_time_seconds", "llm_request_prefill_time_seconds");
        rules.Copy("request_decode_time_seconds", "llm_request_decode_time_seconds");
        rules.Copy("request_inference_time_seconds", "llm_request_inference_time_seconds");

        // Requests and state.
        rules.Copy("corrupted_requests", "llm_requests_corrupted_total");
        rules.Copy("engine_sleep_state", "llm_engine_sleep_state");

        // Removed in V1 with no unified counterpart. They are listed so payloads that still have them are reported.
        rules.Deprecated("request_params_best_of", "removed in vLLM V1");
        rules.Deprecated("time_in_queue_requests", "replaced by vllm:request_queue_time_seconds");
        rules.Deprecated("model_forward_time_milliseconds", "removed in vLLM V1");
        rules.Deprecated("model_execute_time_milliseconds", "removed in vLLM V1");
    }
}

using InferScope.Engines.Mapping;
using InferScope.Model;

namespace InferScope.Engines.Adapters;

/// <summary>
/// TensorRT-LLM, served by Triton (<c>nv_trt_llm_*</c> backend gauges and <c>nv_inference_*</c>
/// core counters) or by trtllm-serve (<c>trtllm_</c> names, <c>trtllm:</c> under Dynamo, and
/// unprefixed in TensorRT-LLM 1.0 and 1.1). The backend packs several values into one family and
/// distinguishes them by a label, so most rules select one label value.
/// </summary>
internal static class TritonTrtllmAdapter
{
    private static readonly Dictionary<string, string?> LabelRenames = new(StringComparer.Ordinal)
    {
        ["model"] = "model",
        ["version"] = "model_version",
        ["model_name"] = "model",
        ["engine_type"] = "role",
        ["finished_reason"] = "reason",
        ["finish_reason"] = "reason",
        ["http_code"] = "reason",
        ["memory_type"] = "pool",
        ["gpu_uuid"] = "gpu_uuid",
    };

    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.TritonTrtllm, "") { CounterSuffix = "" };
        AddBackendRules(rules);
        AddTritonCoreRules(rules);
        rules.WithPrefixes("trtllm_", "trtllm:", "");
        rules.CounterSuffix = "_total";
        AddServeRules(rules);
        return new EngineAdapter(EngineKind.TritonTrtllm, rules.Build(), LabelRenames, [], addsEngineLabel: true);
    }

    private static void AddBackendRules(RuleSetBuilder rules)
    {
        const string requests = "nv_trt_llm_request_metrics";
        rules.Copy(requests, "llm_requests_running").Where("request_type", "active");
        rules.Copy(requests, "llm_requests_waiting").Where("request_type", "waiting");
        rules.Copy(requests, "llm_requests_max").Where("request_type", "max");
        rules.Copy(requests, "llm_requests_scheduled").Where("request_type", "scheduled");
        rules.Copy(requests, "llm_requests_prefill").Where("request_type", "context");

        rules.Copy("nv_trt_llm_runtime_memory_metrics", "llm_engine_memory_bytes");

        const string blocks = "nv_trt_llm_kv_cache_block_metrics";
        rules.Copy(blocks, "llm_kv_cache_usage_ratio").Where("kv_cache_block_type", "fraction");
        rules.Copy(blocks, "llm_kv_cache_capacity_blocks").Where("kv_cache_block_type", "max");
        rules.Copy(blocks, "llm_kv_cache_blocks_used").Where("kv_cache_block_type", "used");
        rules.Copy(blocks, "llm_kv_cache_blocks_free").Where("kv_cache_block_type", "free");
        rules.Copy(blocks, "llm_kv_cache_block_size_tokens").Where("kv_cache_block_type", "tokens_per");

        const string inflight = "nv_trt_llm_inflight_batcher_metrics";
        const string inflightKind = "inflight_batcher_specific_metric";
        rules.Copy(inflight, "llm_scheduled_context_tokens").Where(inflightKind, "total_context_tokens");
        rules.Copy(inflight, "llm_requests_decode").Where(inflightKind, "generation_requests");
        rules.Copy(inflight, "llm_requests_paused").Where(inflightKind, "paused_requests");

        const string v1 = "nv_trt_llm_v1_metrics";
        rules.Copy(v1, "llm_scheduled_context_tokens").Where("v1_specific_metric", "total_context_tokens");
        rules.Copy(v1, "llm_scheduled_generation_tokens").Where("v1_specific_metric", "total_generation_tokens");
        rules.Copy(v1, "llm_batch_free_slots").Where("v1_specific_metric", "empty_generation_slots");

        // The iteration counter only grows, but the backend declares it a gauge.
        rules.Copy("nv_trt_llm_general_metrics", MetricType.Gauge, "llm_engine_iterations_total").Where("general_type", "iteration_counter");

        const string disaggregated = "nv_trt_llm_disaggregated_serving_metrics";
        rules.Copy(disaggregated, "llm_kv_transfer_seconds_total")
            .Where("disaggregated_serving_type", "kv_cache_transfer_ms")
            .Scale(UnitScale.MillisecondsToSeconds);
        rules.Copy(disaggregated, "llm_disaggregated_requests_total").Where("disaggregated_serving_type", "request_count");

        rules.Copy("nv_llm_input_token_len", "llm_request_prompt_tokens");
        rules.HistogramSum("nv_llm_input_token_len", "llm_prompt_tokens_total");
        rules.Copy("nv_llm_output_token_len", "llm_request_generation_tokens");
        rules.HistogramSum("nv_llm_output_token_len", "llm_generation_tokens_total");
    }

    private static void AddTritonCoreRules(RuleSetBuilder rules)
    {
        // Triton's counters have no _total suffix, and the rule table accepts both spellings.
        rules.Copy("nv_inference_request_success", "llm_requests_succeeded_total");
        rules.Copy("nv_inference_request_failure", "llm_requests_failed_total");
        rules.Copy("nv_inference_count", "llm_inferences_total");
        rules.Copy("nv_inference_exec_count", "llm_model_executions_total");
        rules.Copy("nv_inference_pending_request_count", "llm_server_pending_requests");
        rules.Copy("nv_inference_request_duration_us", "llm_request_duration_seconds_total").Scale(UnitScale.MicrosecondsToSeconds);
        rules.Copy("nv_inference_queue_duration_us", "llm_request_queue_seconds_total").Scale(UnitScale.MicrosecondsToSeconds);
        rules.Copy("nv_inference_compute_input_duration_us", "llm_request_compute_seconds_total")
            .Scale(UnitScale.MicrosecondsToSeconds).With("phase", "input");
        rules.Copy("nv_inference_compute_infer_duration_us", "llm_request_compute_seconds_total")
            .Scale(UnitScale.MicrosecondsToSeconds).With("phase", "infer");
        rules.Copy("nv_inference_compute_output_duration_us", "llm_request_compute_seconds_total")
            .Scale(UnitScale.MicrosecondsToSeconds).With("phase", "output");

        // Opt-in (--metrics-config histogram_latencies=true): time to the first response of a
        // decoupled (streaming) model, which is TTFT for a streaming LLM ensemble.
        rules.Copy("nv_inference_first_response_histogram_ms", "llm_time_to_first_token_seconds").Scale(UnitScale.MillisecondsToSeconds);

        rules.Copy("nv_gpu_utilization", "llm_gpu_utilization_ratio");
        rules.Copy("nv_gpu_memory_total_bytes", "llm_gpu_memory_total_bytes");
        rules.Copy("nv_gpu_memory_used_bytes", "llm_gpu_memory_used_bytes");
        rules.Copy("nv_gpu_power_usage", "llm_gpu_power_watts");
        rules.Copy("nv_gpu_power_limit", "llm_gpu_power_limit_watts");
        rules.Copy("nv_energy_consumption", "llm_gpu_energy_joules_total");
        rules.Copy("nv_cpu_utilization", "llm_host_cpu_utilization_ratio");
        rules.Copy("nv_cpu_memory_total_bytes", "llm_host_memory_total_bytes");
        rules.Copy("nv_cpu_memory_used_bytes", "llm_host_memory_used_bytes");
    }

    private static void AddServeRules(RuleSetBuilder rules)
    {
        rules.Copy("e2e_request_latency_seconds", "llm_e2e_request_latency_seconds");
        rules.Copy("request_queue_time_seconds", "llm_request_queue_time_seconds");
        rules.Copy("request_prefill_time_seconds", "llm_request_prefill_time_seconds");
        rules.Copy("request_decode_time_seconds", "llm_request_decode_time_seconds");
        rules.Copy("request_inference_time_seconds", "llm_request_inference_time_seconds");
        rules.Copy("time_to_first_token_seconds", "llm_time_to_first_token_seconds");

        // trtllm-serve observes this once per request, so it is TPOT, not inter-token latency.
        rules.Copy("time_per_output_token_seconds", "llm_time_per_output_token_seconds");
        rules.Copy("iteration_latency_seconds", "llm_iteration_latency_seconds");

        rules.Copy("request_success", "llm_requests_finished_total");
        rules.Copy("request_error", "llm_requests_failed_total");
        rules.Copy("prompt_tokens", "llm_prompt_tokens_total");
        rules.Copy("generation_tokens", "llm_generation_tokens_total");
        rules.Copy("prompt_cached_tokens", "llm_prefix_cache_hits_total");
        rules.Copy("spec_decode_num_draft_tokens", "llm_spec_decode_draft_tokens_total");
        rules.Copy("spec_decode_num_accepted_tokens", "llm_spec_decode_accepted_tokens_total");
        rules.Copy("spec_decode_acceptance_length", "llm_spec_decode_acceptance_length");

        rules.Copy("num_requests_running", "llm_requests_running");
        rules.Copy("num_requests_waiting", "llm_requests_waiting");
        rules.Copy("max_num_active_requests", "llm_requests_max");
        rules.Copy("num_context_requests", "llm_requests_prefill");
        rules.Copy("num_generation_requests", "llm_requests_decode");
        rules.Copy("num_paused_requests", "llm_requests_paused");
        rules.Copy("num_scheduled_requests", "llm_requests_scheduled");
        rules.Copy("total_context_tokens", "llm_scheduled_context_tokens");

        rules.Copy("kv_cache_utilization", "llm_kv_cache_usage_ratio");
        rules.Copy("kv_cache_host_utilization", "llm_kv_cache_cpu_usage_ratio");
        rules.Copy("kv_cache_hit_rate", "llm_prefix_cache_hit_ratio");
        rules.Copy("kv_cache_max_blocks", "llm_kv_cache_capacity_blocks");
        rules.Copy("kv_cache_used_blocks", "llm_kv_cache_blocks_used");
        rules.Copy("kv_cache_free_blocks", "llm_kv_cache_blocks_free");
        rules.Copy("kv_cache_tokens_per_block", "llm_kv_cache_block_size_tokens");
        rules.Copy("kv_cache_reused_blocks", "llm_kv_cache_blocks_reused_total");
        rules.Copy("kv_cache_missed_blocks", "llm_kv_cache_blocks_missed_total");
        rules.Copy("kv_cache_offload_bytes", "llm_kv_cache_offload_bytes_total");
        rules.Copy("kv_cache_onboard_bytes", "llm_kv_cache_onboard_bytes_total");

        rules.Copy("gpu_memory_usage_bytes", "llm_engine_memory_bytes").With("pool", "gpu");
        rules.Copy("cpu_memory_usage_bytes", "llm_engine_memory_bytes").With("pool", "cpu");
        rules.Copy("pinned_memory_usage_bytes", "llm_engine_memory_bytes").With("pool", "pinned");
    }
}

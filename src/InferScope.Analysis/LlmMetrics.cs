namespace InferScope.Analysis;

/// <summary>
/// The unified <c>llm_*</c> metric names that rules, diagnosis, scaling advice and comparisons
/// query and write, as the engines' unified catalog defines them. Every name the analysis code
/// uses is defined here, so a catalog rename is one edit.
/// </summary>
public static class LlmMetrics
{
    // Latency histograms, in seconds.
    public const string TimeToFirstToken = "llm_time_to_first_token_seconds";
    public const string InterTokenLatency = "llm_inter_token_latency_seconds";
    public const string E2eRequestLatency = "llm_e2e_request_latency_seconds";
    public const string RequestQueueTime = "llm_request_queue_time_seconds";
    public const string PrefillTime = "llm_request_prefill_time_seconds";
    public const string DecodeTime = "llm_request_decode_time_seconds";

    /// <summary>The engine's own time for a request, queue included.</summary>
    public const string ModelLatency = "llm_model_latency_seconds";

    /// <summary>Time outside the engine (gateway, routing, scheduling), measured per request.</summary>
    public const string OverheadLatency = "llm_overhead_latency_seconds";

    /// <summary>Time the router adds before the engine receives a request; used where the gateway histogram is absent.</summary>
    public const string RouterOverhead = "llm_router_overhead_seconds";

    // Load and KV cache.
    public const string KvCacheUsage = "llm_kv_cache_usage_ratio";
    public const string RequestsWaiting = "llm_requests_waiting";
    public const string RequestsRunning = "llm_requests_running";
    public const string Preemptions = "llm_preemptions_total";

    // Tokens and requests.
    public const string PromptTokens = "llm_prompt_tokens_total";
    public const string GenerationTokens = "llm_generation_tokens_total";
    public const string RequestSuccess = "llm_requests_succeeded_total";
    /// <summary>Failed requests, by <c>reason</c>.</summary>
    public const string PrefixCacheHits = "llm_prefix_cache_hits_total";
    public const string PrefixCacheQueries = "llm_prefix_cache_queries_total";
    public const string RequestErrors = "llm_requests_failed_total";

    // GPU.
    public const string GpuUtilization = "llm_gpu_utilization_ratio";
    public const string GpuDramActive = "llm_gpu_dram_active_ratio";
    public const string GpuTemperature = "llm_gpu_temperature_celsius";
    public const string GpuPower = "llm_gpu_power_watts";
    public const string GpuSmClock = "llm_gpu_sm_clock_hertz";

    /// <summary>Seconds the GPU clocks were held down, by <c>reason</c> (thermal, power).</summary>
    public const string GpuThrottle = "llm_gpu_throttle_seconds_total";
    public const string GpuXidErrors = "llm_gpu_xid_errors_total";

    /// <summary>The code of the most recent XID error; 0 means none since the exporter started.</summary>
    public const string GpuXidLastCode = "llm_gpu_xid_last_error_code";

    /// <summary>ECC errors by <c>kind</c> (single_bit, double_bit) and <c>scope</c> (volatile, aggregate).</summary>
    public const string GpuEccErrors = "llm_gpu_ecc_errors_total";
    public const string GpuHours = "llm_gpu_hours_total";

    /// <summary>Output tokens/s one instance reached in the endpoint's benchmark, where the deployment publishes it.</summary>
    public const string BenchmarkOutputTokens = "llm_benchmark_output_tokens_per_second";

    // Deployment and targets.
    /// <summary>An info gauge with value 1 and the deployment's state in the <c>status</c> label.</summary>
    public const string DeploymentStatus = "llm_deployment_status";
    public const string ReplicasDesired = "llm_deployment_replicas_desired";
    public const string ReplicasReady = "llm_deployment_replicas_ready";

    /// <summary>The scrape health series Prometheus and InferScope write for every target.</summary>
    public const string Up = "up";

    /// <summary>Time from first scheduling to completion: the engine's model time without queueing.</summary>
    public const string InferenceTime = "llm_request_inference_time_seconds";

    // Series the analysis writes, named in the catalog.
    public const string ScalingDesiredInstances = "llm_scaling_desired_instances";

    /// <summary>Each scaling signal relative to its target, by <c>signal</c>; above 1 calls for more instances.</summary>
    public const string ScalingSignal = "llm_scaling_signal";
    public const string TrafficAzShare = "llm_traffic_az_share_ratio";
    public const string TrafficInstanceShare = "llm_traffic_instance_share_ratio";
    public const string TrafficAzImbalance = "llm_traffic_az_imbalance_ratio";
    public const string PrefixCacheHitRatio = "llm_prefix_cache_hit_ratio";
    public const string RequestOverheadMean = "llm_request_overhead_seconds";
    public const string TokensPerGpuHour = "llm_tokens_per_gpu_hour";
    public const string InstanceHourlyCost = "llm_instance_hourly_cost";

    /// <summary>Instance cost per million output tokens.</summary>
    public const string CostPerMillionTokens = "llm_cost_per_million_tokens";

    public static string Bucket(string histogram) => histogram + "_bucket";

    public static string Count(string histogram) => histogram + "_count";

    public static string Sum(string histogram) => histogram + "_sum";
}

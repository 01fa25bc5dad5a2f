namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private const string Analysis = "analysis recording rules";
    private const string ControlPlane = "simulation (fleet control plane)";

    // NOTE: metrics with this producer are named here and read by analysis and ingestion, but no
    // component writes them yet.
    private const string PlannedGateway = "planned: the endpoint gateway (simulation); not written yet";

    private static IEnumerable<UnifiedMetric> LatencyMetrics() => new Group(MetricGroup.Latency, LabelScope.Engine)
        .Histogram("llm_time_to_first_token_seconds", "seconds",
            "Time from request arrival to the first output token (TTFT): queue time plus prefill.",
            otel: "gen_ai.server.time_to_first_token", core: true)
        .Histogram("llm_inter_token_latency_seconds", "seconds",
            "Gap between successive output steps of one request (ITL), one observation per step or token. A slow stream shows here.",
            core: true)
        .Histogram("llm_time_per_output_token_seconds", "seconds",
            "Per-request mean time per output token after the first: decode time divided by output tokens minus one, one observation per request.",
            otel: "gen_ai.server.time_per_output_token")
        .Histogram("llm_request_mean_time_per_token_seconds", "seconds",
            "Per-request inference time divided by generated tokens. Unlike llm_time_per_output_token_seconds it includes prefill.")
        .Histogram("llm_e2e_request_latency_seconds", "seconds",
            "Time from request arrival to its last output token.",
            otel: "gen_ai.server.request.duration", core: true)
        .Histogram("llm_request_queue_time_seconds", "seconds",
            "Time a request waited in the engine's queue before it was first scheduled.", core: true)
        .Histogram("llm_request_prefill_time_seconds", "seconds",
            "Time from first scheduling to the first token: the prefill phase of one request.")
        .Histogram("llm_request_decode_time_seconds", "seconds",
            "Time from the first to the last output token: the decode phase of one request.")
        .Histogram("llm_request_inference_time_seconds", "seconds",
            "Time from first scheduling to completion (prefill plus decode), the engine's model time without queueing.")
        .Histogram("llm_request_validation_time_seconds", "seconds",
            "Time spent validating and tokenizing a request before it is queued, part of the overhead outside the model.")
        .Histogram("llm_request_stage_latency_seconds", "seconds",
            "Time a request spent in one scheduler stage, such as prefill_waiting or decode_transferred in disaggregated serving.",
            labels: ["stage"])
        .Histogram("llm_batch_forward_duration_seconds", "seconds",
            "Duration of one forward pass of a batch, by phase (prefill or decode).", labels: ["phase"])
        .Histogram("llm_model_latency_seconds", "seconds",
            "Latency inside the model container as the endpoint gateway measures it, queueing in the engine included.",
            producer: PlannedGateway)
        .Histogram("llm_overhead_latency_seconds", "seconds",
            "Latency the endpoint gateway adds around the model container: routing, authentication, scheduling.",
            producer: PlannedGateway)
        .Histogram("llm_router_overhead_seconds", "seconds",
            "Time the router adds before the engine receives a request, per endpoint.",
            producer: ControlPlane)
        .Gauge("llm_request_overhead_seconds", "seconds",
            "Mean time per request spent outside the engine core over the rule's window: end-to-end minus queue minus inference time.",
            producer: Analysis)
        .Histogram("llm_kv_block_lifetime_seconds", "seconds",
            "Sampled lifetime of a KV-cache block from allocation to release.")
        .Histogram("llm_kv_block_idle_before_evict_seconds", "seconds",
            "Sampled time a KV-cache block stayed unused before it was evicted.")
        .Histogram("llm_kv_block_reuse_gap_seconds", "seconds",
            "Sampled time between two uses of the same KV-cache block.")
        .Counter("llm_prefill_seconds_total", "seconds",
            "Cumulative time the engine spent in prefill (prompt processing).")
        .Counter("llm_decode_seconds_total", "seconds",
            "Cumulative time the engine spent generating output tokens.")
        .Counter("llm_request_duration_seconds_total", "seconds",
            "Cumulative end-to-end time of all requests; divide its increase by the increase of finished requests for the mean.")
        .Counter("llm_request_queue_seconds_total", "seconds",
            "Cumulative queue time of all requests.")
        .Counter("llm_request_compute_seconds_total", "seconds",
            "Cumulative compute time of all requests, by phase (input, infer, output).", labels: ["phase"])
        .Gauge("llm_iteration_latency_seconds", "seconds",
            "Duration of the engine's most recent scheduler iteration.")
        .Gauge("llm_e2e_request_latency_mean_seconds", "seconds",
            "Mean end-to-end request latency over the engine's own aggregation window.")
        .Gauge("llm_request_queue_time_mean_seconds", "seconds",
            "Mean queue time over the engine's own aggregation window.")
        .Gauge("llm_request_inference_time_mean_seconds", "seconds",
            "Mean model inference time per request over the engine's own aggregation window.")
        .Gauge("llm_inter_token_latency_mean_seconds", "seconds",
            "Mean time per output token over the engine's own aggregation window.")
        .Gauge("llm_request_preprocess_time_mean_seconds", "seconds",
            "Mean time spent preparing a request before inference, over the engine's own aggregation window.")
        .Gauge("llm_request_postprocess_time_mean_seconds", "seconds",
            "Mean time spent formatting a response after inference, over the engine's own aggregation window.")
        .Gauge("llm_kv_transfer_latency_seconds", "seconds",
            "Latency of the most recent KV-cache transfer between prefill and decode workers.")
        .Counter("llm_kv_transfer_seconds_total", "seconds",
            "Cumulative time spent transferring KV cache between prefill and decode workers.")
        .Metrics;
}

namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private static IEnumerable<UnifiedMetric> LoadMetrics() => new Group(MetricGroup.Load, LabelScope.Engine)
        .Gauge("llm_requests_running", "requests",
            "Requests in the running batch.", core: true)
        .Gauge("llm_requests_waiting", "requests",
            "Requests queued in the engine, waiting to be scheduled.", core: true)
        .Gauge("llm_requests_waiting_by_reason", "requests",
            "Waiting requests by why they wait: capacity (no KV-cache room) or deferred.", labels: ["reason"])
        .Gauge("llm_requests_swapped", "requests",
            "Requests whose KV cache was swapped out to CPU memory.")
        .Gauge("llm_requests_max", "requests",
            "Maximum number of requests the engine runs at once, as configured.")
        .Gauge("llm_requests_scheduled", "requests",
            "Requests scheduled for the current iteration.")
        .Gauge("llm_requests_prefill", "requests",
            "Requests in the prefill (context) phase.")
        .Gauge("llm_requests_decode", "requests",
            "Requests in the decode (generation) phase.")
        .Gauge("llm_requests_paused", "requests",
            "Requests paused by the scheduler, for example to free KV-cache room or during a weight update.")
        .Gauge("llm_requests_preempted", "requests",
            "Requests currently preempted (retracted) and waiting to resume.")
        .Gauge("llm_requests_grammar_waiting", "requests",
            "Requests waiting for their structured-output grammar to compile.")
        .Gauge("llm_server_pending_requests", "requests",
            "Requests queued in the inference server in front of the engine backend.")
        .Gauge("llm_disaggregation_queue_requests", "requests",
            "Requests in a prefill-decode disaggregation queue (prefill_prealloc, prefill_inflight, decode_prealloc, decode_transfer).",
            labels: ["queue"])
        .Gauge("llm_concurrent_requests", "requests",
            "Requests in flight at the endpoint: running plus waiting, summed over instances.",
            producer: "planned: an analysis recording rule over llm_requests_running + llm_requests_waiting; not written yet")
        .Gauge("llm_batch_size_mean", "requests",
            "Mean number of requests per batch or per decode call, as the engine averages it.")
        .Histogram("llm_batch_next_size", "requests",
            "Size of each next batch the router hands to the model.")
        .Gauge("llm_batch_max_tokens", "tokens",
            "Token budget of the batch currently running.")
        .Gauge("llm_batch_free_slots", "slots",
            "Empty generation slots in the current batch.")
        .Gauge("llm_engine_utilization_ratio", "ratio",
            "The engine's own estimate of how busy it is (0 to 1).")
        .Counter("llm_batch_concatenations_total", "events",
            "Times a new batch was concatenated onto the running one, by reason.", labels: ["reason"])
        .Metrics;
}

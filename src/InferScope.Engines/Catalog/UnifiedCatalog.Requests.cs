namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private static IEnumerable<UnifiedMetric> RequestMetrics() => new Group(MetricGroup.Requests, LabelScope.Engine)
        .Counter("llm_requests_finished_total", "requests",
            "Requests that finished, by finish reason (stop, length, abort, …) where the engine reports one.",
            labels: ["reason"])
        .Counter("llm_requests_succeeded_total", "requests",
            "Requests that completed without error.")
        .Counter("llm_requests_failed_total", "requests",
            "Requests that failed, by reason (validation, overloaded, generation, an HTTP code, …) where the engine reports one.",
            labels: ["reason"])
        .Counter("llm_requests_received_total", "requests",
            "Requests received by the engine's HTTP front, whatever their outcome.")
        .Counter("llm_requests_aborted_total", "requests",
            "Requests cancelled by the client or aborted by the engine before they finished.")
        .Counter("llm_requests_rejected_total", "requests",
            "Requests rejected because the engine's queue was full.")
        .Counter("llm_requests_structured_output_total", "requests",
            "Requests with structured (grammar-constrained) output.")
        .Counter("llm_requests_corrupted_total", "requests",
            "Requests whose logits contained NaN values.")
        .Counter("llm_http_responses_total", "responses",
            "HTTP responses of the model server by status class (2xx, 4xx, 5xx).", labels: ["code_class"])
        .Counter("llm_server_errors_total", "errors",
            "Internal errors of the model server outside a request's own failure.")
        .Counter("llm_inferences_total", "inferences",
            "Inferences performed, counting each item of a batch.")
        .Counter("llm_model_executions_total", "executions",
            "Model executions; inferences divided by executions is the mean batch size.")
        .Counter("llm_disaggregated_requests_total", "requests",
            "Requests served with prefill and decode on different workers.")
        .Counter("llm_disaggregation_failures_total", "requests",
            "Requests that failed in prefill-decode disaggregation, by stage (bootstrap, transfer).", labels: ["stage"])
        .In(LabelScope.Endpoint)
        .Counter("llm_endpoint_invocations_total", "requests",
            "Requests the endpoint gateway received for this endpoint and variant.", producer: PlannedGateway)
        .Counter("llm_endpoint_invocation_errors_total", "requests",
            "Requests the endpoint gateway answered with an error, by status class (4xx, 5xx).",
            labels: ["code_class"], producer: PlannedGateway)
        .Counter("llm_router_request_errors_total", "requests",
            "Requests the router rejected before any engine saw them, by reason (no_healthy_replica, …).",
            labels: ["reason"], producer: ControlPlane)
        .Metrics;
}

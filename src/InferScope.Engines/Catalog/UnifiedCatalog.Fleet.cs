namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private const string Autoscaling = "analysis (autoscaling advice)";

    private static IEnumerable<UnifiedMetric> FleetMetrics() => new Group(MetricGroup.Traffic, LabelScope.Endpoint)
        .Gauge("llm_traffic_az_share_ratio", "ratio",
            "Share of the endpoint's requests that an availability zone served over the rule's window (0 to 1). 0 for a zone with healthy instances points at routing or an outage.",
            labels: ["az"], producer: Analysis)
        .Gauge("llm_traffic_instance_share_ratio", "ratio",
            "Share of the endpoint's requests that one instance served over the rule's window (0 to 1).",
            labels: ["instance", "az"], producer: Analysis)
        .Gauge("llm_traffic_az_imbalance_ratio", "ratio",
            "Largest absolute difference between an availability zone's share and its intended share.",
            producer: Analysis)
        .Counter("llm_traffic_requests_total", "requests",
            "Requests the gateway routed, by availability zone and instance.", labels: ["az", "instance"], producer: Simulation)
        .Metrics
        .Concat(new Group(MetricGroup.Deployment, LabelScope.Endpoint)
            .Gauge("llm_deployment_status", "state",
                "1 for the deployment's current state and 0 for the others (Creating, InService, Updating, RollingBack, Failed).",
                labels: ["status"], producer: "simulation (deployment controller)")
            .Gauge("llm_deployment_replicas_desired", "instances",
                "Instances the deployment asks for.", producer: "simulation (deployment controller)")
            .Gauge("llm_deployment_replicas_ready", "instances",
                "Instances that passed their health check and take traffic.", producer: "simulation (deployment controller)")
            .In(LabelScope.Engine)
            .Gauge("llm_model_load_duration_seconds", "seconds",
                "Time the engine took to load the model weights at its last start.")
            .Gauge("llm_model_download_duration_seconds", "seconds",
                "Time the server took to download the model at its last start.")
            .Gauge("llm_model_conversion_duration_seconds", "seconds",
                "Time the server took to convert or compile the model for its runtime at its last start.")
            .Gauge("llm_engine_startup_duration_seconds", "seconds",
                "Time from process start until the engine served its first request.")
            .Counter("llm_engine_starts_total", "starts",
                "Times the model server started.")
            .Counter("llm_engine_start_failures_total", "starts",
                "Times the model server failed to start.")
            .Counter("llm_model_load_failures_total", "errors",
                "Times loading a model failed.")
            .Gauge("llm_engine_sleep_state", "state",
                "1 for the engine's current sleep state and 0 for the others (awake, weights_offloaded, discard_all).",
                labels: ["state"])
            .Metrics)
        .Concat(new Group(MetricGroup.Scaling, LabelScope.Endpoint)
            .Gauge("llm_scaling_desired_instances", "instances",
                "Instances the autoscaling advice recommends now, before the queue builds.", producer: Autoscaling)
            .Gauge("llm_scaling_current_instances", "instances",
                "Instances currently serving the endpoint.", producer: "simulation (deployment controller)")
            .Gauge("llm_scaling_signal", "ratio",
                "Each scaling signal (queue per instance, KV-cache usage, concurrency per instance) relative to its target; above 1 asks for more instances.",
                labels: ["signal"], producer: Autoscaling)
            .Counter("llm_scaling_events_total", "events",
                "Scale-out and scale-in actions, by direction.", labels: ["direction"], producer: "simulation (deployment controller)")
            .Metrics)
        .Concat(new Group(MetricGroup.Cost, LabelScope.Endpoint)
            .Counter("llm_gpu_hours_total", "hours",
                "GPU-hours consumed by the endpoint's instances.", producer: Analysis)
            .Gauge("llm_tokens_per_gpu_hour", "tokens",
                "Output tokens per GPU-hour over the rule's window: the fleet's efficiency.", producer: Analysis)
            .Gauge("llm_instance_hourly_cost", "currency units per hour",
                "On-demand price of the endpoint's instances, from the configured price list.", producer: Analysis)
            .Gauge("llm_cost_per_million_tokens", "currency units",
                "Instance cost per million output tokens over the rule's window.", producer: Analysis)
            .Metrics);
}

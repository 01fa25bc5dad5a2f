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
        .Counter("llm_router_requests_total", "requests",
            "Requests the router sent to each replica, by availability zone and instance.", labels: ["az", "instance"],
            producer: ControlPlane)
        .Metrics
        .Concat(new Group(MetricGroup.Deployment, LabelScope.Endpoint)
            .Gauge("llm_deployment_replicas_desired", "instances",
                "Instances the deployment asks for.", producer: ControlPlane)
            .Gauge("llm_deployment_replicas_ready", "instances",
                "Instances that passed their health check and take traffic.", producer: ControlPlane)
            .In(LabelScope.Engine)
            .Gauge("llm_deployment_status", "state",
                "1 for a replica's current deployment state and 0 for the others (such as Creating, InService, Updating, Failed).",
                labels: ["state"], producer: ControlPlane)
            .Gauge("llm_deployment_model_download_seconds", "seconds",
                "Time a replica's last start spent downloading the model.", producer: ControlPlane)
            .Gauge("llm_deployment_container_start_seconds", "seconds",
                "Time a replica's last start spent starting the container.", producer: ControlPlane)
            .Gauge("llm_deployment_model_load_seconds", "seconds",
                "Time a replica's last start spent loading weights into GPU memory.", producer: ControlPlane)
            .Gauge("llm_deployment_health_check_seconds", "seconds",
                "Time a replica's last start spent passing health checks.", producer: ControlPlane)
            .Gauge("llm_deployment_startup_seconds", "seconds",
                "Time from a replica's deployment start to InService, for its last start.", producer: ControlPlane)
            .Counter("llm_deployment_health_check_failures_total", "checks",
                "Failed health checks of a replica.", producer: ControlPlane)
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
            .Gauge("llm_scaling_signal", "ratio",
                "Each scaling signal (queue per instance, KV-cache usage, concurrency per instance) relative to its target. Above 1 asks for more instances.",
                labels: ["signal"], producer: Autoscaling)
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

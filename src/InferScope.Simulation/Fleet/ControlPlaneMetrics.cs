using System.Globalization;
using InferScope.Model;
using InferScope.Simulation.Metrics;

namespace InferScope.Simulation.Fleet;

/// <summary>
/// The metrics a managed-endpoint control plane and its routers would publish: deployment status
/// and start-phase times per replica, ready and desired replicas, routed and rejected requests,
/// router overhead, and each endpoint's benchmark throughput. Names use the unified
/// <c>llm_</c> prefix; docs/simulation.md lists them.
/// </summary>
public static class ControlPlaneMetrics
{
    private static readonly DeploymentState[] states =
        [DeploymentState.Creating, DeploymentState.InService, DeploymentState.Updating, DeploymentState.Failed];

    public static string Render(SimulatedFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var region = fleet.Scenario.Region;
        var b = new ExpositionBuilder(FloatStyle.Go);

        b.Family("llm_deployment_status", MetricType.Gauge, "1 for the deployment's current state, 0 for the others.");
        foreach (var replica in fleet.Replicas)
        {
            foreach (var state in states)
            {
                b.Sample("llm_deployment_status", [.. ReplicaLabels(replica, region), ("state", state.ToString())], replica.Lifecycle.State == state ? 1 : 0);
            }
        }

        Phase(b, fleet, "llm_deployment_model_download_seconds", "Time the last start spent downloading the model, in seconds.", t => t.ModelDownloadSeconds);
        Phase(b, fleet, "llm_deployment_container_start_seconds", "Time the last start spent starting the container, in seconds.", t => t.ContainerStartSeconds);
        Phase(b, fleet, "llm_deployment_model_load_seconds", "Time the last start spent loading weights into GPU memory, in seconds.", t => t.ModelLoadSeconds);
        Phase(b, fleet, "llm_deployment_health_check_seconds", "Time the last start spent passing health checks, in seconds.", t => t.HealthCheckSeconds);
        Phase(b, fleet, "llm_deployment_startup_seconds", "Time from deployment start to InService for the last start, in seconds.", t => t.TotalSeconds);

        b.Family("llm_deployment_health_check_failures_total", MetricType.Counter, "Failed health checks.");
        foreach (var replica in fleet.Replicas)
        {
            b.Sample("llm_deployment_health_check_failures_total", ReplicaLabels(replica, region), replica.Lifecycle.HealthCheckFailures);
        }

        b.Family("llm_deployment_replicas_desired", MetricType.Gauge, "Copies the deployment should run.");
        foreach (var (endpoint, component, replicas) in Components(fleet))
        {
            b.Sample("llm_deployment_replicas_desired", [("component", component), ("endpoint", endpoint), ("region", region)], replicas.Count);
        }

        b.Family("llm_deployment_replicas_ready", MetricType.Gauge, "Copies that are InService.");
        foreach (var (endpoint, component, replicas) in Components(fleet))
        {
            b.Sample("llm_deployment_replicas_ready", [("component", component), ("endpoint", endpoint), ("region", region)], replicas.Count(r => r.Lifecycle.IsServing));
        }

        b.Family("llm_router_requests_total", MetricType.Counter, "Requests the router sent to each replica.");
        foreach (var endpoint in fleet.Endpoints)
        {
            foreach (var replica in endpoint.Replicas)
            {
                b.Sample(
                    "llm_router_requests_total",
                    [("az", replica.Instance.AvailabilityZone), ("component", replica.Component), ("endpoint", endpoint.Name), ("instance", replica.Instance.HostName), ("region", region)],
                    endpoint.RoutedRequests.GetValueOrDefault(replica.Name));
            }
        }

        b.Family("llm_router_request_errors_total", MetricType.Counter, "Requests the router rejected, by reason.");
        foreach (var endpoint in fleet.Endpoints)
        {
            b.Sample("llm_router_request_errors_total", [("endpoint", endpoint.Name), ("reason", "no_healthy_replica"), ("region", region)], endpoint.RejectedRequests);
        }

        b.Family("llm_router_overhead_seconds", MetricType.Histogram, "Time the router adds before the engine receives a request, in seconds.");
        foreach (var endpoint in fleet.Endpoints)
        {
            b.Histogram("llm_router_overhead_seconds", [("endpoint", endpoint.Name), ("region", region)], endpoint.Overhead, 1, HistogramOrder.BucketsSumCount);
        }

        b.Family("llm_benchmark_output_tokens_per_second", MetricType.Gauge, "Output tokens/s one replica reaches in a saturating closed-loop benchmark of the endpoint's request shape.");
        foreach (var endpoint in fleet.Endpoints)
        {
            var replica = endpoint.Replicas.FirstOrDefault();
            if (replica is not null)
            {
                b.Sample("llm_benchmark_output_tokens_per_second", [("endpoint", endpoint.Name), ("engine", EngineName(replica)), ("region", region)], Math.Round(replica.BenchmarkOutputTokensPerSecond, 1));
            }
        }

        return b.ToString();
    }

    internal static string EngineName(SimReplica replica) => replica.EngineKind.ToString().ToLowerInvariant();

    private static (string, string)[] ReplicaLabels(SimReplica replica, string region) =>
    [
        ("az", replica.Instance.AvailabilityZone),
        ("component", replica.Component),
        ("endpoint", replica.EndpointName),
        ("instance", replica.Instance.HostName),
        ("instance_type", replica.Instance.Type.Name),
        ("region", region),
    ];

    private static void Phase(ExpositionBuilder b, SimulatedFleet fleet, string name, string help, Func<StartupTimes, double> value)
    {
        b.Family(name, MetricType.Gauge, help);
        foreach (var replica in fleet.Replicas)
        {
            if (replica.Lifecycle.LastStartup is { } startup)
            {
                b.Sample(name, ReplicaLabels(replica, fleet.Scenario.Region), Math.Round(value(startup), 3));
            }
        }
    }

    private static IEnumerable<(string Endpoint, string Component, List<SimReplica> Replicas)> Components(SimulatedFleet fleet) =>
        fleet.Replicas
            .GroupBy(r => (r.EndpointName, r.Component))
            .Select(g => (g.Key.EndpointName, g.Key.Component, g.ToList()));

    /// <summary>Formats an integer label value.</summary>
    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

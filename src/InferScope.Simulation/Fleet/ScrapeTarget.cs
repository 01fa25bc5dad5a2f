using InferScope.Engines;
using InferScope.Model;

namespace InferScope.Simulation.Fleet;

/// <summary>
/// One simulated <c>/metrics</c> endpoint: its job, the kind of exporter behind it, the labels a
/// scraper attaches, and a function that renders it at a virtual time. The real-time host serves
/// the same function over HTTP; the virtual-time runner calls it directly.
/// </summary>
/// <param name="Job">The scrape job, such as <c>vllm</c>, <c>dcgm</c> or <c>node</c>.</param>
/// <param name="Address">The <c>host:port</c> the target has in the simulated fleet.</param>
/// <param name="Kind">The exporter behind the target.</param>
/// <param name="MetricsPath">The HTTP path of the metrics.</param>
/// <param name="Labels">Target labels: job, instance, endpoint, component, region, az, instance_type, gpu_type, engine, engine_version, model, node (those that apply).</param>
/// <param name="Render">Renders the target at a virtual time, in seconds; callers hold the fleet's lock.</param>
/// <param name="Replica">The engine replica behind the target, or null for exporters.</param>
/// <param name="IntervalSeconds">Seconds between the target's metric publications, or null for the run's scrape interval.</param>
public sealed record ScrapeTarget(
    string Job,
    string Address,
    EngineKind Kind,
    string MetricsPath,
    Labels Labels,
    Func<double, ScrapeResponse> Render,
    SimReplica? Replica = null,
    double? IntervalSeconds = null);

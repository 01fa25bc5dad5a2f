using InferScope.Simulation.Metrics;
using InferScope.Simulation.Scenarios;
using InferScope.Simulation.Traffic;

namespace InferScope.Simulation.Fleet;

/// <summary>
/// An endpoint and its router: the router picks a component by weight, then a zone by weight
/// among zones with a serving replica, then the least-loaded replica there, and adds its own
/// overhead before the engine sees the request.
/// </summary>
public sealed class SimEndpoint
{
    private static readonly double[] overheadBounds =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Random random;
    private readonly Dictionary<string, double> componentWeights = new(StringComparer.Ordinal);

    internal SimEndpoint(EndpointDefinition definition, IReadOnlyList<string> zones, int seed)
    {
        Definition = definition;
        Zones = zones;
        random = new Random(SeedMixer.Mix(seed, "router/" + definition.Name));
    }

    public EndpointDefinition Definition { get; }

    public string Name => Definition.Name;

    public IReadOnlyList<string> Zones { get; }

    public List<SimInstance> Instances { get; } = [];

    public List<SimReplica> Replicas { get; } = [];

    /// <summary>Zones the router sends nothing to (a routing fault).</summary>
    public HashSet<string> BlockedZones { get; } = new(StringComparer.Ordinal);

    /// <summary>Latency a routing fault adds to every request, in milliseconds.</summary>
    public double ExtraOverheadMs { get; set; }

    public TrafficSource? Traffic { get; internal set; }

    /// <summary>Requests routed per replica, by replica name.</summary>
    public Dictionary<string, double> RoutedRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests the router rejected because no replica was serving.</summary>
    public double RejectedRequests { get; private set; }

    public Histogram Overhead { get; } = new(overheadBounds);

    internal void SetComponentWeight(string component, double weight) => componentWeights[component] = weight;

    /// <summary>Picks a replica for a request, or null when none serves; returns the overhead in seconds.</summary>
    public SimReplica? Route(out double overheadSeconds)
    {
        overheadSeconds = Math.Max(
            0.0002,
            (Definition.Router.OverheadMs + ExtraOverheadMs + (Definition.Router.OverheadJitterMs * LengthSampler.StandardNormal(random))) / 1000);

        var component = PickComponent();
        SimReplica? best = null;
        if (component is not null)
        {
            var zone = PickZone(component);
            if (zone is not null)
            {
                var bestLoad = int.MaxValue;
                foreach (var replica in Replicas)
                {
                    if (replica.Component == component && replica.Instance.AvailabilityZone == zone && replica.Lifecycle.IsServing)
                    {
                        var load = replica.Engine?.Load ?? int.MaxValue;
                        if (load < bestLoad)
                        {
                            best = replica;
                            bestLoad = load;
                        }
                    }
                }
            }
        }

        if (best is null)
        {
            RejectedRequests++;
            return null;
        }

        Overhead.Observe(overheadSeconds);
        RoutedRequests[best.Name] = RoutedRequests.GetValueOrDefault(best.Name) + 1;
        return best;
    }

    private string? PickComponent()
    {
        double total = 0;
        foreach (var (name, weight) in componentWeights)
        {
            if (Replicas.Any(r => r.Component == name && r.Lifecycle.IsServing))
            {
                total += weight;
            }
        }

        var pick = random.NextDouble() * total;
        foreach (var (name, weight) in componentWeights)
        {
            if (!Replicas.Any(r => r.Component == name && r.Lifecycle.IsServing))
            {
                continue;
            }

            pick -= weight;
            if (pick <= 0)
            {
                return name;
            }
        }

        return null;
    }

    private string? PickZone(string component)
    {
        double total = 0;
        var candidates = new List<(string Zone, double Weight)>();
        foreach (var zone in Zones)
        {
            if (BlockedZones.Contains(zone)
                || !Replicas.Any(r => r.Component == component && r.Instance.AvailabilityZone == zone && r.Lifecycle.IsServing))
            {
                continue;
            }

            var weight = Definition.Router.AzWeights.GetValueOrDefault(zone, 1.0);
            if (weight > 0)
            {
                candidates.Add((zone, weight));
                total += weight;
            }
        }

        var pick = random.NextDouble() * total;
        foreach (var (zone, weight) in candidates)
        {
            pick -= weight;
            if (pick <= 0)
            {
                return zone;
            }
        }

        return candidates.Count > 0 ? candidates[^1].Zone : null;
    }
}

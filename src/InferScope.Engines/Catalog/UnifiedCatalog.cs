using System.Collections.Frozen;
using InferScope.Model;

namespace InferScope.Engines.Catalog;

/// <summary>
/// The unified <c>llm_*</c> schema: every metric InferScope produces from engines, GPU and host
/// exporters, the simulation and the analysis rules. docs/metrics.md is generated from it.
/// </summary>
public static partial class UnifiedCatalog
{
    private static readonly UnifiedMetric[] Metrics =
    [
        .. LatencyMetrics(),
        .. TokenMetrics(),
        .. LoadMetrics(),
        .. KvCacheMetrics(),
        .. RequestMetrics(),
        .. GpuMetrics(),
        .. HostMetrics(),
        .. FleetMetrics(),
    ];

    private static readonly FrozenDictionary<string, UnifiedMetric> ByName = BuildIndex();

    /// <summary>Every unified metric, grouped by <see cref="MetricGroup"/> in documentation order.</summary>
    public static IReadOnlyList<UnifiedMetric> All => Metrics;

    /// <summary>The metrics listed as missing when a payload lacks them.</summary>
    public static IReadOnlyList<UnifiedMetric> CoreMetrics { get; } = [.. Metrics.Where(m => m.Core)];

    /// <summary>Finds a metric by its queried name (counters with <c>_total</c>), or returns null.</summary>
    public static UnifiedMetric? Find(string name) => ByName.GetValueOrDefault(name);

    private static FrozenDictionary<string, UnifiedMetric> BuildIndex()
    {
        var index = new Dictionary<string, UnifiedMetric>(StringComparer.Ordinal);
        foreach (var metric in Metrics)
        {
            if (!index.TryAdd(metric.Name, metric))
            {
                throw new InvalidOperationException($"The unified catalog defines {metric.Name} twice.");
            }
        }

        return index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Collects the definitions of one group with shared defaults.</summary>
    private sealed class Group(MetricGroup group, LabelScope scope)
    {
        private readonly List<UnifiedMetric> metrics = [];

        public IEnumerable<UnifiedMetric> Metrics => metrics;

        public Group Histogram(string name, string unit, string meaning, string? otel = null, string[]? labels = null, string? producer = null, bool core = false) =>
            Add(name, MetricType.Histogram, unit, meaning, otel, labels, producer, core);

        public Group Counter(string name, string unit, string meaning, string? otel = null, string[]? labels = null, string? producer = null, bool core = false) =>
            Add(name, MetricType.Counter, unit, meaning, otel, labels, producer, core);

        public Group Gauge(string name, string unit, string meaning, string? otel = null, string[]? labels = null, string? producer = null, bool core = false) =>
            Add(name, MetricType.Gauge, unit, meaning, otel, labels, producer, core);

        public Group In(LabelScope newScope)
        {
            scope = newScope;
            return this;
        }

        private Group Add(string name, MetricType type, string unit, string meaning, string? otel, string[]? labels, string? producer, bool core)
        {
            metrics.Add(new UnifiedMetric(name, type, unit, group, scope, meaning, labels ?? [], otel, producer, core));
            return this;
        }
    }
}

using System.Collections.Frozen;
using InferScope.Engines.Adapters;

namespace InferScope.Engines.Catalog;

/// <summary>The sources of each unified metric, collected from every adapter's rules on first use.</summary>
internal static class SourceIndex
{
    private static readonly Lazy<FrozenDictionary<string, MetricSource[]>> Index = new(Build);

    public static IReadOnlyList<MetricSource> For(string metricName) =>
        Index.Value.TryGetValue(metricName, out var sources) ? sources : [];

    private static FrozenDictionary<string, MetricSource[]> Build()
    {
        var index = new Dictionary<string, List<MetricSource>>(StringComparer.Ordinal);
        foreach (var adapter in EngineAdapters.All)
        {
            foreach (var rule in adapter.Rules.Rules)
            {
                if (!index.TryGetValue(rule.Target.Name, out var list))
                {
                    list = [];
                    index.Add(rule.Target.Name, list);
                }

                var source = rule.ToSource();
                if (!list.Contains(source))
                {
                    list.Add(source);
                }
            }
        }

        return index.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}

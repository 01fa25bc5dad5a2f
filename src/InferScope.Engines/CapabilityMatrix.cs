using System.Collections.Frozen;
using InferScope.Engines.Adapters;
using InferScope.Engines.Catalog;
using InferScope.Engines.Mapping;

namespace InferScope.Engines;

/// <summary>
/// Which unified metric each engine provides, derived from the adapters' mapping rules. A metric an
/// engine lacks is <see cref="Capability.Missing"/>: the normalizer never fills it with zeros.
/// </summary>
public static class CapabilityMatrix
{
    private static readonly Lazy<FrozenDictionary<(EngineKind, string), Capability>> Cells = new(Build);

    /// <summary>Returns how an engine provides a unified metric.</summary>
    public static Capability Get(EngineKind engine, string metricName) =>
        Cells.Value.GetValueOrDefault((engine, metricName), Capability.Missing);

    /// <summary>Returns the unified metrics an engine provides, in catalog order.</summary>
    public static IReadOnlyList<UnifiedMetric> ProvidedBy(EngineKind engine) =>
        [.. UnifiedCatalog.All.Where(m => Get(engine, m.Name) != Capability.Missing)];

    private static FrozenDictionary<(EngineKind, string), Capability> Build()
    {
        var cells = new Dictionary<(EngineKind, string), Capability>();
        foreach (var adapter in EngineAdapters.All)
        {
            foreach (var rule in adapter.Rules.Rules)
            {
                var key = (adapter.Kind, rule.Target.Name);
                var capability = rule.Deprecated ? Capability.Legacy
                    : IsNative(rule) ? Capability.Native
                    : Capability.Converted;
                if (!cells.TryGetValue(key, out var existing) || Rank(capability) > Rank(existing))
                {
                    cells[key] = capability;
                }
            }
        }

        return cells.ToFrozenDictionary();
    }

    private static int Rank(Capability capability) => capability switch
    {
        Capability.Native => 3,
        Capability.Converted => 2,
        Capability.Legacy => 1,
        _ => 0,
    };

    private static bool IsNative(MappingRule rule) =>
        rule.Kind == RuleKind.Copy
        && rule.Scale.IsIdentity
        && (rule.SourceType is null || rule.SourceType == rule.Target.Type);
}

using InferScope.Engines.Catalog;
using InferScope.Model;

namespace InferScope.Engines.Mapping;

/// <summary>
/// Builds the <see cref="RuleSet"/> of one adapter. Source names are written without prefix and
/// without the counter suffix <c>_total</c>, and every prefix in effect is accepted in front of them.
/// </summary>
internal sealed class RuleSetBuilder
{
    private readonly EngineKind engine;
    private readonly List<(MappingRule Rule, string[] Prefixes, string CounterSuffix)> rules = [];
    private readonly List<(string Name, string Replacement, string[] Prefixes)> deprecations = [];
    private string[] prefixes;

    public RuleSetBuilder(EngineKind engine, params string[] prefixes)
    {
        this.engine = engine;
        this.prefixes = prefixes.Length == 0 ? [""] : prefixes;
    }

    /// <summary>
    /// False for an engine whose current format still uses names another engine deprecated (NIM
    /// keeps vLLM's V0 names): superseded names are then only a fallback, never reported.
    /// </summary>
    public bool ReportsDeprecations { get; set; } = true;

    /// <summary>
    /// The suffix the engine writes after counter names, for documentation only: <c>_total</c> for
    /// Python and Go exporters, empty for TGI, Triton and DCGM. Lookups accept both spellings.
    /// </summary>
    public string CounterSuffix { get; set; } = "_total";

    /// <summary>Sets the prefixes accepted for the rules added after this call.</summary>
    public RuleSetBuilder WithPrefixes(params string[] accepted)
    {
        prefixes = accepted.Length == 0 ? [""] : accepted;
        return this;
    }

    /// <summary>Maps the samples of a source family to a unified metric of the same type.</summary>
    public RuleBuilder Copy(string source, string target) => Add(source, RuleKind.Copy, target, sourceType: null, sameTypeAsTarget: true);

    /// <summary>Maps the samples of a source family of the given type to a unified metric.</summary>
    public RuleBuilder Copy(string source, MetricType sourceType, string target) =>
        Add(source, RuleKind.Copy, target, sourceType, sameTypeAsTarget: false);

    /// <summary>Maps a scalar source whose declared type is not known (gauge, counter or untyped).</summary>
    public RuleBuilder CopyScalar(string source, string target) =>
        Add(source, RuleKind.Copy, target, sourceType: null, sameTypeAsTarget: false);

    /// <summary>Maps the <c>_sum</c> samples of a source histogram to a unified counter.</summary>
    public RuleBuilder HistogramSum(string source, string target) =>
        Add(source, RuleKind.HistogramSum, target, MetricType.Histogram, sameTypeAsTarget: false);

    /// <summary>Maps a numeric label of an info gauge to a unified gauge.</summary>
    public RuleBuilder InfoLabel(string source, string valueLabel, string target)
    {
        var builder = Add(source, RuleKind.InfoLabel, target, MetricType.Gauge, sameTypeAsTarget: false);
        builder.Rule.ValueLabel = valueLabel;
        return builder;
    }

    /// <summary>Marks a source name that has no mapping of its own as deprecated, with a note for the user.</summary>
    public RuleSetBuilder Deprecated(string source, string note)
    {
        deprecations.Add((source, note, prefixes));
        return this;
    }

    public RuleSet Build()
    {
        var byName = new Dictionary<string, MappingRule[]>(StringComparer.Ordinal);
        var deprecated = new Dictionary<string, string>(StringComparer.Ordinal);
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rule, accepted, counterSuffix) in rules)
        {
            rule.DisplayName = DisplayOf(accepted[0], rule, counterSuffix);
            rule.Deprecated = (rule.ReplacedBy is not null || rule.DeprecationNote is not null) && ReportsDeprecations;
            foreach (var prefix in accepted)
            {
                var key = prefix + rule.SourceName;
                byName[key] = byName.TryGetValue(key, out var existing) ? [.. existing, rule] : [rule];
                if (rule.DeprecationNote is not null && ReportsDeprecations)
                {
                    deprecated[key] = rule.DeprecationNote;
                }

                if (rule.ReplacedBy is not null)
                {
                    replacements[key] = prefix + rule.ReplacedBy;
                    if (ReportsDeprecations)
                    {
                        deprecated[key] = $"replaced by {prefix}{rule.ReplacedBy}";
                    }
                }
            }
        }

        foreach (var (name, replacement, accepted) in deprecations)
        {
            foreach (var prefix in accepted)
            {
                if (ReportsDeprecations)
                {
                    deprecated[prefix + name] = replacement;
                }
            }
        }

        return new RuleSet([.. rules.Select(r => r.Rule)], byName, deprecated, replacements);
    }

    private static string DisplayOf(string prefix, MappingRule rule, string counterSuffix)
    {
        var counterSource = rule.Kind == RuleKind.Copy
            && (rule.SourceType == MetricType.Counter || (rule.SourceType is null && rule.Target.Type == MetricType.Counter));
        return counterSource ? prefix + rule.SourceName + counterSuffix : prefix + rule.SourceName;
    }

    private RuleBuilder Add(string source, RuleKind kind, string target, MetricType? sourceType, bool sameTypeAsTarget)
    {
        var metric = UnifiedCatalog.Find(target)
            ?? throw new InvalidOperationException($"Mapping rule {engine}:{source} targets \"{target}\", which is not in the unified catalog.");
        var rule = new MappingRule(engine, source, kind, metric, sameTypeAsTarget ? metric.Type : sourceType);
        rules.Add((rule, prefixes, CounterSuffix));
        return new RuleBuilder(rule);
    }
}

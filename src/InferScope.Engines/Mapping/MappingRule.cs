using InferScope.Engines.Catalog;
using InferScope.Model;

namespace InferScope.Engines.Mapping;

/// <summary>
/// One mapping from a source family of an engine to a unified metric.
/// </summary>
public sealed class MappingRule
{
    internal MappingRule(
        EngineKind engine,
        string sourceName,
        RuleKind kind,
        UnifiedMetric target,
        MetricType? sourceType)
    {
        Engine = engine;
        SourceName = sourceName;
        Kind = kind;
        Target = target;
        SourceType = sourceType;
    }

    public EngineKind Engine { get; }

    /// <summary>The source family name without any engine prefix and without the counter suffix <c>_total</c>.</summary>
    public string SourceName { get; }

    /// <summary>The source family name as documented, with the first accepted prefix.</summary>
    public string DisplayName { get; internal set; } = "";

    public RuleKind Kind { get; }

    public UnifiedMetric Target { get; }

    /// <summary>The type the source family must have, or null for any scalar type (gauge, counter, untyped).</summary>
    public MetricType? SourceType { get; }

    public UnitScale Scale { get; internal set; } = UnitScale.None;

    /// <summary>When set, only samples whose label <see cref="SelectLabel"/> equals <see cref="SelectValue"/> are mapped, and that label is dropped.</summary>
    public string? SelectLabel { get; internal set; }

    public string? SelectValue { get; internal set; }

    /// <summary>For <see cref="RuleKind.InfoLabel"/>: the label whose value becomes the sample value.</summary>
    public string? ValueLabel { get; internal set; }

    /// <summary>Label renames for this rule only, applied before the adapter's renames.</summary>
    public IReadOnlyDictionary<string, string> LabelRenames { get; internal set; } = EmptyRenames;

    /// <summary>Constant labels this rule adds, such as <c>phase="prefill"</c>.</summary>
    public IReadOnlyList<Label> ExtraLabels { get; internal set; } = [];

    /// <summary>
    /// The source name that replaces this deprecated one: when a payload has both, only the
    /// replacement is mapped, so the unified series is not duplicated.
    /// </summary>
    public string? ReplacedBy { get; internal set; }

    /// <summary>Why the source name is deprecated when no other source replaces it, such as <c>removed in vLLM V1</c>.</summary>
    public string? DeprecationNote { get; internal set; }

    /// <summary>True when payloads that use this source name get it reported as deprecated.</summary>
    public bool Deprecated { get; internal set; }

    private static readonly Dictionary<string, string> EmptyRenames = new(StringComparer.Ordinal);

    /// <summary>Describes the source for documentation, such as <c>tgi_request_input_length_sum</c>.</summary>
    public MetricSource ToSource()
    {
        var expression = DisplayName;
        if (SelectLabel is not null)
        {
            expression += $"{{{SelectLabel}=\"{SelectValue}\"}}";
        }

        var conversions = new List<string>();
        switch (Kind)
        {
            case RuleKind.HistogramSum:
                expression += "_sum";
                conversions.Add("histogram sum as counter");
                break;
            case RuleKind.InfoLabel:
                expression += $" label {ValueLabel}";
                conversions.Add("label value");
                break;
        }

        if (!Scale.IsIdentity)
        {
            conversions.Add(Scale.Description);
        }

        if (SourceType is { } type && type != Target.Type && Kind == RuleKind.Copy)
        {
            conversions.Add($"{type.ToString().ToLowerInvariant()} as {Target.Type.ToString().ToLowerInvariant()}");
        }

        return new MetricSource(Engine, expression, string.Join(", ", conversions), Deprecated);
    }
}

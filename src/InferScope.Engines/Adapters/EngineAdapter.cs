using System.Collections.Frozen;
using InferScope.Engines.Mapping;
using InferScope.Exposition;
using InferScope.Model;

namespace InferScope.Engines.Adapters;

/// <summary>
/// Maps the payload of one engine or exporter into unified <c>llm_*</c> families: its mapping
/// rules, how its labels are renamed, and the constant labels it adds. Instances are immutable and
/// safe to share between concurrent scrapes.
/// </summary>
public sealed class EngineAdapter
{
    internal EngineAdapter(
        EngineKind kind,
        RuleSet rules,
        IReadOnlyDictionary<string, string?> labelRenames,
        IEnumerable<string> identityLabels,
        bool addsEngineLabel)
    {
        Kind = kind;
        Rules = rules;
        LabelRenames = labelRenames.ToFrozenDictionary(StringComparer.Ordinal);
        IdentityLabels = identityLabels.ToFrozenSet(StringComparer.Ordinal);
        ConstantLabels = addsEngineLabel ? [new Label(Catalog.UnifiedLabels.Engine, kind.ToLabelValue())] : [];
    }

    public EngineKind Kind { get; }

    public RuleSet Rules { get; }

    /// <summary>Source label names the adapter renames. A null value drops the label.</summary>
    public FrozenDictionary<string, string?> LabelRenames { get; }

    /// <summary>Source labels kept on values read from info gauges, whose other labels are configuration.</summary>
    public FrozenSet<string> IdentityLabels { get; }

    /// <summary>Labels added to every unified sample, such as <c>engine="vllm"</c>.</summary>
    public IReadOnlyList<Label> ConstantLabels { get; }

    /// <summary>Maps a parsed payload into unified families.</summary>
    public NormalizationResult Normalize(ScrapePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new NormalizationRun(this, payload).Run();
    }
}

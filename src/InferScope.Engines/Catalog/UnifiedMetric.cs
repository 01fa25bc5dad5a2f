using InferScope.Model;

namespace InferScope.Engines.Catalog;

/// <summary>
/// One metric of the unified <c>llm_*</c> schema: how it is named and typed, what it means, and who
/// produces it. Engine sources come from the adapters' mapping rules, so the catalog and the
/// normalizer cannot disagree.
/// </summary>
public sealed class UnifiedMetric
{
    internal UnifiedMetric(
        string name,
        MetricType type,
        string unit,
        MetricGroup group,
        LabelScope scope,
        string meaning,
        IReadOnlyList<string> labels,
        string? openTelemetryName,
        string? producer,
        bool core)
    {
        Name = name;
        Type = type;
        Unit = unit;
        Group = group;
        Scope = scope;
        Meaning = meaning;
        OwnLabels = labels;
        OpenTelemetryName = openTelemetryName;
        Producer = producer;
        Core = core;
        BucketSampleName = name + "_bucket";
        SumSampleName = name + "_sum";
        CountSampleName = name + "_count";
    }

    /// <summary>The name as queried: counters end in <c>_total</c>, histograms are named without suffix.</summary>
    public string Name { get; }

    public MetricType Type { get; }

    /// <summary>The base unit (<c>seconds</c>, <c>bytes</c>, <c>tokens</c>, <c>ratio</c>, …).</summary>
    public string Unit { get; }

    public MetricGroup Group { get; }

    public LabelScope Scope { get; }

    /// <summary>One or two sentences on what the value measures.</summary>
    public string Meaning { get; }

    /// <summary>The labels specific to this metric, beyond the identity labels of its scope.</summary>
    public IReadOnlyList<string> OwnLabels { get; }

    /// <summary>The scope's identity labels followed by the metric's own labels.</summary>
    public IReadOnlyList<string> Labels => [.. UnifiedLabels.ForScope(Scope), .. OwnLabels];

    /// <summary>The OpenTelemetry GenAI semantic-convention name, where one exists.</summary>
    public string? OpenTelemetryName { get; }

    /// <summary>
    /// The part of InferScope that produces the metric when no engine exports it directly
    /// (simulation, analysis rules), or null when only engine adapters produce it.
    /// </summary>
    public string? Producer { get; }

    /// <summary>
    /// True for the metrics an on-call engineer looks at first. A payload that lacks one gets it
    /// listed as missing.
    /// </summary>
    public bool Core { get; }

    /// <summary>The family name a <c>MetricFamily</c> carries: the name without the counter suffix <c>_total</c>.</summary>
    public string FamilyName => Type == MetricType.Counter && Name.EndsWith("_total", StringComparison.Ordinal)
        ? Name[..^"_total".Length]
        : Name;

    /// <summary>Returns the sources of this metric, per engine, from the adapters' rules.</summary>
    public IReadOnlyList<MetricSource> Sources => SourceIndex.For(Name);

    internal string BucketSampleName { get; }

    internal string SumSampleName { get; }

    internal string CountSampleName { get; }

    public override string ToString() => Name;
}

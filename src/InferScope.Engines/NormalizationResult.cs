using InferScope.Exposition;

namespace InferScope.Engines;

/// <summary>
/// The unified <c>llm_*</c> families derived from one payload, with the engine they came from,
/// deprecated source names the payload still used, and problems found while mapping.
/// </summary>
public sealed record NormalizationResult(
    EngineKind Engine,
    IReadOnlyList<MetricFamily> Unified,
    IReadOnlyList<string> DeprecatedNames,
    IReadOnlyList<string> Problems)
{
    /// <summary>The bucket layout of each unified histogram series, one entry per distinct layout and metric.</summary>
    public IReadOnlyList<HistogramLayout> BucketLayouts { get; init; } = [];

    /// <summary>
    /// Core unified metrics the payload did not yield. No series is emitted for them: a missing metric
    /// is never reported as zero.
    /// </summary>
    public IReadOnlyList<MissingMetric> Missing { get; init; } = [];

    /// <summary>True when the engine came from detection, false when the caller's hint decided it.</summary>
    public bool Detected { get; init; }
}

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
    IReadOnlyList<string> Problems);

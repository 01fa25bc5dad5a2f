using InferScope.Engines.Adapters;
using InferScope.Exposition;

namespace InferScope.Engines;

/// <summary>
/// The entry point of normalization: detects the engine behind a parsed payload (or takes the
/// caller's hint) and maps the payload into unified <c>llm_*</c> families. Thread-safe, because the ingest
/// path calls it on every scrape, and the raw families of the payload are left unchanged.
/// </summary>
public static class EngineNormalizer
{
    /// <summary>Normalizes a payload.</summary>
    /// <param name="payload">The parsed scrape.</param>
    /// <param name="hint">
    /// The engine the scrape target is configured as, or null (or <see cref="EngineKind.Unknown"/>)
    /// to detect it from the family names.
    /// </param>
    /// <returns>
    /// The unified families. For a payload of no known engine, the result has engine
    /// <see cref="EngineKind.Unknown"/>, no families and one problem.
    /// </returns>
    public static NormalizationResult Normalize(ScrapePayload payload, EngineKind? hint)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var detected = EngineDetector.Detect(payload);
        var hinted = hint is { } h && h != EngineKind.Unknown;
        var kind = hinted ? hint!.Value : detected;
        if (kind == EngineKind.Unknown)
        {
            var problem = payload.Families.Count == 0
                ? "The payload has no metric families."
                : $"No family of the {payload.Families.Count} in the payload matches a known engine or exporter; pass the engine explicitly if it is one of: {EngineKindNames.LabelValueList}.";
            return new NormalizationResult(EngineKind.Unknown, [], [], [problem]);
        }

        var result = EngineAdapters.For(kind).Normalize(payload);
        if (hinted && detected != EngineKind.Unknown && detected != kind && !Compatible(kind, detected))
        {
            result = result with
            {
                Problems = [$"The target is configured as {kind.ToLabelValue()}, but the payload's families look like {detected.ToLabelValue()}; check the target's engine setting.", .. result.Problems],
            };
        }

        return result with { Detected = !hinted };
    }

    // NIM wraps vLLM and may keep its prefixed names.
    private static bool Compatible(EngineKind configured, EngineKind detected) =>
        configured == EngineKind.Nim && detected == EngineKind.Vllm;
}

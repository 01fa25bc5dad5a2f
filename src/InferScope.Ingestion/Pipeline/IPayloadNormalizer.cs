using InferScope.Engines;
using InferScope.Exposition;

namespace InferScope.Ingestion.Pipeline;

/// <summary>Maps an engine's payload to the unified <c>llm_*</c> families.</summary>
public interface IPayloadNormalizer
{
    /// <param name="payload">The parsed scrape.</param>
    /// <param name="engine">The configured engine, or null to detect it from the payload.</param>
    NormalizationResult Normalize(ScrapePayload payload, EngineKind? engine);
}

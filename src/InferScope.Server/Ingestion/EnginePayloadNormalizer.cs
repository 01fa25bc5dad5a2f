using InferScope.Engines;
using InferScope.Exposition;
using InferScope.Ingestion.Pipeline;

namespace InferScope.Server.Ingestion;

/// <summary>Adds the unified <c>llm_*</c> families with the engine adapters, detecting the engine when none is set.</summary>
public sealed class EnginePayloadNormalizer : IPayloadNormalizer
{
    public NormalizationResult Normalize(ScrapePayload payload, EngineKind? engine) => EngineNormalizer.Normalize(payload, engine);
}

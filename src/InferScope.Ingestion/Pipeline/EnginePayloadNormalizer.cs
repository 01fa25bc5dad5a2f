using InferScope.Engines;
using InferScope.Exposition;

namespace InferScope.Ingestion.Pipeline;

/// <summary>The product's normalizer: the engine adapters behind <see cref="EngineNormalizer"/>. Thread-safe.</summary>
public sealed class EnginePayloadNormalizer : IPayloadNormalizer
{
    public static EnginePayloadNormalizer Instance { get; } = new();

    public NormalizationResult Normalize(ScrapePayload payload, EngineKind? engine) => EngineNormalizer.Normalize(payload, engine);
}

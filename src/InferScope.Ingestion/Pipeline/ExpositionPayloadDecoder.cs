using InferScope.Exposition;

namespace InferScope.Ingestion.Pipeline;

/// <summary>
/// The product's decoder: <see cref="ExpositionParser"/>, which picks Prometheus text 0.0.4 or
/// OpenMetrics 1.0 from the Content-Type. Thread-safe.
/// </summary>
public sealed class ExpositionPayloadDecoder : IPayloadDecoder
{
    public static ExpositionPayloadDecoder Instance { get; } = new();

    public ScrapePayload Decode(ReadOnlySpan<byte> body, string? contentType) => ExpositionParser.Parse(body, contentType);
}

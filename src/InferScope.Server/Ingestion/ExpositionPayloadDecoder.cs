using InferScope.Exposition;
using InferScope.Ingestion.Pipeline;

namespace InferScope.Server.Ingestion;

/// <summary>Decodes scrape bodies with the exposition parser, choosing the format by Content-Type.</summary>
public sealed class ExpositionPayloadDecoder : IPayloadDecoder
{
    public ScrapePayload Decode(ReadOnlySpan<byte> body, string? contentType) => ExpositionParser.Parse(body, contentType);
}

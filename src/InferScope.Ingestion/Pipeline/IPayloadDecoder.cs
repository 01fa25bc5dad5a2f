using InferScope.Exposition;

namespace InferScope.Ingestion.Pipeline;

/// <summary>
/// Parses a scraped body into metric families. Implementations choose the format from the
/// response's Content-Type the way Prometheus does, and throw <see cref="FormatException"/> with
/// the line and column of the first error.
/// </summary>
public interface IPayloadDecoder
{
    /// <param name="body">The response body, already decompressed.</param>
    /// <param name="contentType">The response's Content-Type header, or null when it had none.</param>
    ScrapePayload Decode(ReadOnlySpan<byte> body, string? contentType);
}

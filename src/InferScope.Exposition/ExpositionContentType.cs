namespace InferScope.Exposition;

/// <summary>
/// Chooses the exposition format from an HTTP Content-Type the way Prometheus 2.42 does: the media
/// type <c>application/openmetrics-text</c> selects OpenMetrics, and anything else, including a
/// missing or malformed header, falls back to the Prometheus text format 0.0.4.
/// </summary>
public static class ExpositionContentType
{
    /// <summary>The Content-Type of Prometheus text format 0.0.4.</summary>
    public const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The Content-Type of OpenMetrics 1.0 text.</summary>
    public const string OpenMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>The Accept header a scraper sends to prefer OpenMetrics and fall back to 0.0.4.</summary>
    public const string ScrapeAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>Returns the format for a Content-Type header value.</summary>
    /// <exception cref="ExpositionParseException">The media type is protobuf, which is not supported.</exception>
    public static ExpositionFormat Resolve(string? contentType)
    {
        var mediaType = MediaTypeOf(contentType);
        if (mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            return ExpositionFormat.OpenMetrics;
        }

        if (mediaType.Equals("application/vnd.google.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            throw new ExpositionParseException(
                $"Content-Type \"{contentType}\" is the protobuf exposition format, which is not supported; request text with the Accept header \"{ScrapeAccept}\".");
        }

        return ExpositionFormat.PrometheusText;
    }

    /// <summary>Returns the Content-Type header value that announces <paramref name="format"/>.</summary>
    public static string Of(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetrics : PrometheusText;

    private static ReadOnlySpan<char> MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return [];
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        return (semicolon < 0 ? span : span[..semicolon]).Trim();
    }
}

using System.Net.Http.Headers;

namespace InferScope.Commands.CheckMetrics;

/// <summary>Reads one exposition payload from a file, a URL or standard input.</summary>
internal static class PayloadInput
{
    // The Accept header Prometheus sends, so servers pick the format they would pick for it.
    private const string AcceptHeader =
        "application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>Returns the payload bytes and the content type that selects its format.</summary>
    /// <param name="input">A path, <c>-</c> for standard input, or an http(s) URL.</param>
    /// <param name="contentType">A content type that overrides the one the input implies, or null.</param>
    /// <param name="timeout">The time allowed for an HTTP request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="IOException">The file or URL could not be read.</exception>
    public static async Task<(byte[] Body, string? ContentType)> ReadAsync(
        string input, string? contentType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsUrl(input))
        {
            return await FetchAsync(new Uri(input), contentType, timeout, cancellationToken).ConfigureAwait(false);
        }

        byte[] body;
        if (input == "-")
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        else
        {
            try
            {
                body = await File.ReadAllBytesAsync(input, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot read {input}: {e.Message}", e);
            }
        }

        return (body, contentType ?? ContentTypeOf(body));
    }

    public static bool IsUrl(string input) =>
        input.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static async Task<(byte[] Body, string? ContentType)> FetchAsync(
        Uri url, string? contentType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(AcceptHeader);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"GET {url} returned HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return (body, contentType ?? FormatContentType(response.Content.Headers.ContentType));
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"GET {url} failed: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"GET {url} timed out after {timeout.TotalSeconds:0.#} s.", e);
        }
    }

    private static string? FormatContentType(MediaTypeHeaderValue? header) => header?.ToString();

    /// <summary>
    /// Picks the format of a file: OpenMetrics when its last line is <c># EOF</c>, which that format
    /// requires, and Prometheus text 0.0.4 otherwise.
    /// </summary>
    private static string ContentTypeOf(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimEnd("\n\r "u8);
        return trimmed.EndsWith("# EOF"u8)
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
    }
}

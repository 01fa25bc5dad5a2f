using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using InferScope.Exposition;

namespace InferScope.Ingestion.Scraping;

/// <summary>Fetches a target's metrics over HTTP with Prometheus's headers and limits.</summary>
internal sealed class TargetScraper
{
    private readonly HttpClient httpClient;

    public TargetScraper(HttpClient httpClient)
    {
        this.httpClient = httpClient;
    }

    /// <summary>
    /// Fetches the body, decompressing gzip. Throws <see cref="ScrapeFailedException"/> for a
    /// timeout, a status other than 200, or a body over <paramref name="bodySizeLimit"/> bytes.
    /// </summary>
    public async Task<ScrapeBody> FetchAsync(Uri url, TimeSpan timeout, long bodySizeLimit, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        // The same Accept header as Prometheus 2.42: OpenMetrics preferred, then the text format.
        request.Headers.TryAddWithoutValidation("Accept", ExpositionContentType.ScrapeAccept);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.TryAddWithoutValidation("User-Agent", "InferScope");
        request.Headers.TryAddWithoutValidation(
            "X-Prometheus-Scrape-Timeout-Seconds", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));

        try
        {
            using var response = await httpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token)
                .ConfigureAwait(false);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                throw new ScrapeFailedException(
                    $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var contentType = response.Content.Headers.ContentType?.ToString();
            var gzip = response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase);
            var stream = await response.Content.ReadAsStreamAsync(timeoutSource.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var source = gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
                await using (source.ConfigureAwait(false))
                {
                    return await ReadLimitedAsync(source, bodySizeLimit, contentType, timeoutSource.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScrapeFailedException(
                $"scrape timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s; raise scrape_timeout or speed up the target");
        }
        catch (HttpRequestException e)
        {
            throw new ScrapeFailedException($"request failed: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new ScrapeFailedException($"invalid gzip body: {e.Message}", e);
        }
    }

    private static async Task<ScrapeBody> ReadLimitedAsync(
        Stream source, long limit, string? contentType, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (limit > 0 && length > limit)
                {
                    throw new ScrapeFailedException(
                        $"body size limit exceeded: the body is larger than body_size_limit of {limit} bytes")
                    {
                        RejectReason = SelfMetrics.RejectReason.BodySizeLimit,
                    };
                }
            }

            var body = new ScrapeBody(buffer, length, contentType);
            buffer = null;
            return body;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

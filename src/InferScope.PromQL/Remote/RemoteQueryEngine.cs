using System.Globalization;
using System.Net;
using System.Text.Json;
using InferScope.Model;

namespace InferScope.PromQL.Remote;

/// <summary>
/// Sends queries to a Prometheus-compatible HTTP API (<c>/api/v1/query</c> and
/// <c>/api/v1/query_range</c>) and maps the response, including the API's error types, onto
/// <see cref="QueryResult"/> and <see cref="QueryException"/>.
/// </summary>
public sealed class RemoteQueryEngine : IQueryEngine
{
    private readonly HttpClient http;
    private readonly Uri baseAddress;
    private readonly KeyValuePair<string, string>[] extraParameters;

    /// <param name="http">The client to send with; its lifetime stays with the caller.</param>
    /// <param name="baseAddress">The server root, such as <c>http://127.0.0.1:9090/</c>.</param>
    /// <param name="extraParameters">Parameters sent with every query, such as VictoriaMetrics' <c>nocache=1</c>.</param>
    public RemoteQueryEngine(HttpClient http, Uri baseAddress, IReadOnlyDictionary<string, string>? extraParameters = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.http = http;
        this.extraParameters = extraParameters is null ? [] : [.. extraParameters];
        this.baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    public Task<QueryResult> InstantQueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        SendAsync("api/v1/query", [new("query", query), new("time", Seconds(time))], cancellationToken);

    public Task<QueryResult> RangeQueryAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
        SendAsync(
            "api/v1/query_range",
            [
                new("query", query),
                new("start", Seconds(start)),
                new("end", Seconds(end)),
                new("step", (step.TotalMilliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)),
            ],
            cancellationToken);

    private static string Seconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private async Task<QueryResult> SendAsync(string path, KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form[0].Value);
        HttpResponseMessage response;
        try
        {
            using var content = new FormUrlEncodedContent([.. form, .. extraParameters]);
            response = await http.PostAsync(new Uri(baseAddress, path), content, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new QueryException(QueryErrorType.Canceled, "query was canceled", e);
        }
        catch (OperationCanceledException e)
        {
            throw new QueryException(QueryErrorType.Timeout, $"the query API at {baseAddress} timed out; raise the client timeout or simplify the query", e);
        }
        catch (HttpRequestException e)
        {
            throw new QueryException(QueryErrorType.Unavailable, $"cannot reach the query API at {baseAddress}: {e.Message}", e);
        }

        using (response)
        {
            // The body is parsed as UTF-8 bytes: a range result of a large fleet is tens of megabytes,
            // and reading it as a string first would transcode all of it.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new QueryException(
                    QueryErrorType.Internal,
                    $"the query API at {baseAddress} answered {(int)response.StatusCode} with a body that is not JSON: {Truncate(body)}",
                    e);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("status", out var status) && status.GetString() == "success" && response.IsSuccessStatusCode)
                {
                    return ReadResult(root);
                }

                var errorType = root.TryGetProperty("errorType", out var type) ? type.GetString() : null;
                var message = root.TryGetProperty("error", out var error) ? error.GetString() : null;
                throw new QueryException(MapErrorType(errorType, response.StatusCode), message ?? $"the query API returned HTTP {(int)response.StatusCode}");
            }
        }
    }

    private static string Truncate(byte[] body) =>
        body.Length <= 200 ? System.Text.Encoding.UTF8.GetString(body) : System.Text.Encoding.UTF8.GetString(body, 0, 200) + "...";

    private static QueryErrorType MapErrorType(string? errorType, HttpStatusCode status) => errorType switch
    {
        "bad_data" => QueryErrorType.BadData,
        "timeout" => QueryErrorType.Timeout,
        "canceled" => QueryErrorType.Canceled,
        "execution" => QueryErrorType.Execution,
        "internal" => QueryErrorType.Internal,
        "unavailable" => QueryErrorType.Unavailable,
        _ => status == HttpStatusCode.BadRequest ? QueryErrorType.BadData : QueryErrorType.Internal,
    };

    private static QueryResult ReadResult(JsonElement root)
    {
        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        var warnings = ReadStrings(root, "warnings");
        var infos = ReadStrings(root, "infos");
        switch (resultType)
        {
            case "scalar":
                return new QueryResult(ResultType.Scalar, [], ReadPoint(result), Warnings: warnings, Infos: infos);
            case "string":
                return new QueryResult(ResultType.String, [], String: result[1].GetString(), Warnings: warnings, Infos: infos);
            case "vector":
                {
                    // NOTE: native histogram samples ("histogram" and "histograms" fields) are skipped: the
                    // JSON lists bucket bounds but not the schema, so they cannot be rebuilt exactly.
                    var series = new List<SeriesResult>();
                    foreach (var element in result.EnumerateArray())
                    {
                        if (element.TryGetProperty("value", out var value))
                        {
                            series.Add(new SeriesResult(ReadLabels(element.GetProperty("metric")), [ReadPoint(value)]));
                        }
                    }

                    return new QueryResult(ResultType.Vector, series, Warnings: warnings, Infos: infos);
                }

            case "matrix":
                {
                    var series = new List<SeriesResult>();
                    foreach (var element in result.EnumerateArray())
                    {
                        var points = new List<Point>();
                        if (element.TryGetProperty("values", out var values))
                        {
                            foreach (var value in values.EnumerateArray())
                            {
                                points.Add(ReadPoint(value));
                            }
                        }

                        series.Add(new SeriesResult(ReadLabels(element.GetProperty("metric")), points));
                    }

                    return new QueryResult(ResultType.Matrix, series, Warnings: warnings, Infos: infos);
                }

            default:
                throw new QueryException(QueryErrorType.Internal, $"unknown result type \"{resultType}\" from the query API");
        }
    }

    private static List<string>? ReadStrings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. array.EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
    }

    private static Labels ReadLabels(JsonElement metric)
    {
        var labels = new List<Label>();
        foreach (var property in metric.EnumerateObject())
        {
            labels.Add(new Label(property.Name, property.Value.GetString() ?? string.Empty));
        }

        return Labels.From(labels);
    }

    private static Point ReadPoint(JsonElement pair)
    {
        var seconds = pair[0].GetDouble();
        var text = pair[1].GetString() ?? "NaN";
        var value = text switch
        {
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Point((long)Math.Round(seconds * 1000), value);
    }
}

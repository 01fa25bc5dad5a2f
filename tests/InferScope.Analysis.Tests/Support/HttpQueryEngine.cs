using System.Globalization;
using System.Text.Json;
using InferScope.Model;
using InferScope.PromQL;

namespace InferScope.Analysis.Tests.Support;

/// <summary>
/// A minimal <see cref="IQueryEngine"/> over a Prometheus-compatible HTTP API, so analysis runs
/// against a real Prometheus in tests.
/// </summary>
internal sealed class HttpQueryEngine(HttpClient client, Uri baseAddress) : IQueryEngine
{
    public int QueryCount { get; private set; }

    public Task<QueryResult> InstantQueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        SendAsync("api/v1/query", [new("query", query), new("time", Seconds(time))], cancellationToken);

    public Task<QueryResult> RangeQueryAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
        SendAsync(
            "api/v1/query_range",
            [new("query", query), new("start", Seconds(start)), new("end", Seconds(end)), new("step", step.TotalSeconds.ToString(CultureInfo.InvariantCulture))],
            cancellationToken);

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);

    private async Task<QueryResult> SendAsync(string path, KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        QueryCount++;
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(new Uri(baseAddress, path), content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            var type = root.GetProperty("errorType").GetString() switch
            {
                "bad_data" => QueryErrorType.BadData,
                "timeout" => QueryErrorType.Timeout,
                "canceled" => QueryErrorType.Canceled,
                _ => QueryErrorType.Execution,
            };
            throw new QueryException(type, root.GetProperty("error").GetString() ?? "query failed");
        }

        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        switch (resultType)
        {
            case "scalar":
                return new QueryResult(ResultType.Scalar, [], ParsePoint(result));
            case "vector":
                return new QueryResult(ResultType.Vector, result.EnumerateArray()
                    .Select(s => new SeriesResult(ParseLabels(s.GetProperty("metric")), [ParsePoint(s.GetProperty("value"))]))
                    .ToList());
            case "matrix":
                return new QueryResult(ResultType.Matrix, result.EnumerateArray()
                    .Select(s => new SeriesResult(ParseLabels(s.GetProperty("metric")), s.GetProperty("values").EnumerateArray().Select(ParsePoint).ToList()))
                    .ToList());
            default:
                return new QueryResult(ResultType.String, [], String: result[1].GetString());
        }
    }

    private static Labels ParseLabels(JsonElement metric) =>
        Labels.From(metric.EnumerateObject().Select(p => new Label(p.Name, p.Value.GetString() ?? string.Empty)));

    private static Point ParsePoint(JsonElement pair)
    {
        var seconds = pair[0].GetDouble();
        var text = pair[1].GetString()!;
        var value = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, CultureInfo.InvariantCulture),
        };
        return new Point((long)Math.Round(seconds * 1000), value);
    }
}

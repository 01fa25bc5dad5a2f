using System.Globalization;
using System.Text;
using System.Text.Json;
using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.PromQL;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.Server.Storage;

/// <summary>
/// Reads series, label names and label values from a Prometheus-compatible HTTP API, for
/// <c>storage.mode: remote</c>. A select lists the matching series through <c>/api/v1/series</c>,
/// and each series fetches its raw samples with one range-selector query when it is iterated.
/// </summary>
/// <remarks>
/// The storage interface is synchronous, so requests use <see cref="HttpClient.Send(HttpRequestMessage, CancellationToken)"/>.
/// NOTE: federation and <c>/api/v1/status/tsdb</c> read samples, so they send one request per series.
/// </remarks>
internal sealed class RemoteQueryable : IQueryable
{
    private static readonly Matcher AnyMetricName = Matcher.Regex(LabelNames.MetricName, ".+");

    private readonly HttpClient http;
    private readonly Uri baseAddress;

    /// <param name="http">The client to send with; its lifetime stays with the caller.</param>
    /// <param name="baseAddress">The server root, such as <c>http://127.0.0.1:8428/</c>.</param>
    public RemoteQueryable(HttpClient http, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.http = http;
        this.baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
    }

    public IQuerier CreateQuerier(long minTimeMs, long maxTimeMs) => new Querier(this, minTimeMs, maxTimeMs);

    private static string Selector(IEnumerable<Matcher> matchers) =>
        "{" + string.Join(",", matchers.Select(m => m.ToString())) + "}";

    private static string Seconds(long timestampMs) =>
        (Clamp(timestampMs) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// Clamps a time to the range from 1970 to now. VictoriaMetrics 1.79 returns no series for an end
    /// time in the future, and the API's defaults for a missing start or end lie far outside it.
    /// </summary>
    private static long Clamp(long timestampMs) => Math.Clamp(timestampMs, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private JsonDocument Get(string path, IEnumerable<(string Name, string Value)> parameters, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(path).Append('?');
        foreach (var (name, value) in parameters)
        {
            query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }

        var uri = new Uri(baseAddress, query.ToString(0, query.Length - 1));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = http.Send(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            using var stream = response.Content.ReadAsStream(cancellationToken);
            var document = JsonDocument.Parse(stream);
            if (!response.IsSuccessStatusCode
                || !document.RootElement.TryGetProperty("status", out var status)
                || status.GetString() != "success")
            {
                var message = document.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
                document.Dispose();
                throw new QueryException(
                    QueryErrorType.Unavailable,
                    $"the query API at {baseAddress} returned HTTP {(int)response.StatusCode} for {path}: {message ?? "no error message"}");
            }

            return document;
        }
        catch (HttpRequestException e)
        {
            throw new QueryException(QueryErrorType.Unavailable, $"cannot reach the query API at {baseAddress}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new QueryException(QueryErrorType.Internal, $"the query API at {baseAddress} returned a body that is not JSON for {path}", e);
        }
    }

    private sealed class Querier(RemoteQueryable remote, long minTimeMs, long maxTimeMs) : IQuerier
    {
        public IEnumerable<ISeries> Select(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default)
        {
            using var document = remote.Get("api/v1/series", Range([("match[]", Selector(matchers.Count == 0 ? [AnyMetricName] : matchers))]), cancellationToken);
            var found = new List<Labels>();
            foreach (var element in document.RootElement.GetProperty("data").EnumerateArray())
            {
                found.Add(ReadLabels(element));
            }

            found.Sort(Labels.Compare);
            return found.Select(labels => (ISeries)new RemoteSeries(this, labels)).ToList();
        }

        public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            ReadStrings("api/v1/labels", matchers, cancellationToken);

        public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            ReadStrings($"api/v1/label/{Uri.EscapeDataString(name)}/values", matchers, cancellationToken);

        public void Dispose()
        {
        }

        /// <summary>Reads the samples of one series in the querier's range with a range selector at its end.</summary>
        internal List<Sample> ReadSamples(Labels labels)
        {
            var rangeMs = Clamp(maxTimeMs) - Clamp(minTimeMs) + 1;
            var query = Selector(labels.Select(l => Matcher.Equal(l.Name, l.Value))) + $"[{rangeMs.ToString(CultureInfo.InvariantCulture)}ms]";
            using var document = remote.Get("api/v1/query", [("query", query), ("time", Seconds(maxTimeMs))], CancellationToken.None);
            var samples = new List<Sample>();
            foreach (var element in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                // The selector also matches series with more labels; keep only this one.
                if (!ReadLabels(element.GetProperty("metric")).Equals(labels))
                {
                    continue;
                }

                foreach (var pair in element.GetProperty("values").EnumerateArray())
                {
                    var timestampMs = (long)Math.Round(pair[0].GetDouble() * 1000);
                    samples.Add(new Sample(timestampMs, ParseValue(pair[1].GetString())));
                }
            }

            return samples;
        }

        private List<(string Name, string Value)> Range(List<(string Name, string Value)> parameters)
        {
            parameters.Add(("start", Seconds(minTimeMs)));
            parameters.Add(("end", Seconds(maxTimeMs)));
            return parameters;
        }

        private List<string> ReadStrings(string path, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken)
        {
            var parameters = matchers.Count == 0 ? [] : new List<(string, string)> { ("match[]", Selector(matchers)) };
            using var document = remote.Get(path, Range(parameters), cancellationToken);
            var values = document.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();
            values.Sort(StringComparer.Ordinal);
            return values;
        }

        private static Labels ReadLabels(JsonElement metric) =>
            Labels.From(metric.EnumerateObject().Select(p => new Label(p.Name, p.Value.GetString() ?? string.Empty)));

        private static double ParseValue(string? text) => text switch
        {
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            null or "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    private sealed class RemoteSeries(Querier querier, Labels labels) : ISeries
    {
        private List<Sample>? samples;

        public Labels Labels => labels;

        public ISampleIterator CreateIterator() => new ListIterator(samples ??= querier.ReadSamples(labels));
    }

    private sealed class ListIterator(List<Sample> samples) : ISampleIterator
    {
        private int index = -1;

        public long Timestamp => samples[index].TimestampMs;

        public double Value => samples[index].Value;

        public bool MoveNext() => ++index < samples.Count;

        public bool Seek(long timestampMs)
        {
            index = Math.Max(index, 0);
            while (index < samples.Count && samples[index].TimestampMs < timestampMs)
            {
                index++;
            }

            return index < samples.Count;
        }
    }
}

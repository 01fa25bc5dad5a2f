using System.Globalization;
using InferScope.Model;
using InferScope.PromQL;
using InferScope.Server.Api;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.Server.Tests.Support;

/// <summary>
/// A query engine for API tests that understands only number and string literals, series selectors
/// and selectors with a range (<c>up[5m]</c>), with Prometheus's 5-minute lookback.
/// </summary>
internal sealed class SelectorQueryEngine(IQueryable store) : IQueryEngine
{
    private const long LookbackMs = 5 * 60 * 1000;

    public TimeSpan Delay { get; set; }

    public async Task<QueryResult> InstantQueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Delay, cancellationToken);
        var timeMs = time.ToUnixTimeMilliseconds();
        var text = query.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new QueryResult(ResultType.Scalar, [], new Point(timeMs, number));
        }

        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            return new QueryResult(ResultType.String, [], new Point(timeMs, 0), text[1..^1]);
        }

        if (text.EndsWith(']'))
        {
            var open = text.LastIndexOf('[');
            if (!Configuration.PrometheusDuration.TryParse(text.AsSpan(open + 1, text.Length - open - 2), out var range))
            {
                throw new QueryException(QueryErrorType.BadData, $"1:{open + 2}: parse error: bad duration");
            }

            var matrix = Select(text[..open], timeMs - (long)range.TotalMilliseconds, timeMs)
                .Select(s => new SeriesResult(s.Labels, s.Points))
                .ToList();
            return new QueryResult(ResultType.Matrix, matrix);
        }

        var vector = new List<SeriesResult>();
        foreach (var (labels, points) in Select(text, timeMs - LookbackMs, timeMs))
        {
            var last = points[^1];
            if (!StaleMarker.IsStale(last.Value))
            {
                vector.Add(new SeriesResult(labels, [new Point(timeMs, last.Value)]));
            }
        }

        return new QueryResult(ResultType.Vector, vector);
    }

    public async Task<QueryResult> RangeQueryAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var rows = new Dictionary<Labels, List<Point>>();
        for (var t = start; t <= end; t += step)
        {
            var instant = await InstantQueryAsync(query, t, cancellationToken);
            if (instant.Type == ResultType.Scalar)
            {
                var key = Labels.Empty;
                rows.TryAdd(key, []);
                rows[key].Add(instant.Scalar!.Value);
                continue;
            }

            foreach (var series in instant.Series)
            {
                rows.TryAdd(series.Labels, []);
                rows[series.Labels].Add(series.Points[0]);
            }
        }

        var matrix = rows.OrderBy(p => p.Key, Comparer<Labels>.Create(Labels.Compare)).Select(p => new SeriesResult(p.Key, p.Value)).ToList();
        return new QueryResult(ResultType.Matrix, matrix);
    }

    private List<(Labels Labels, List<Point> Points)> Select(string selector, long fromMs, long toMs)
    {
        IReadOnlyList<Matcher> matchers;
        try
        {
            matchers = SeriesSelectorParser.Parse(selector);
        }
        catch (FormatException e)
        {
            throw new QueryException(QueryErrorType.BadData, e.Message);
        }

        using var querier = store.CreateQuerier(fromMs + 1, toMs);
        var result = new List<(Labels, List<Point>)>();
        foreach (var series in querier.Select(matchers))
        {
            var points = new List<Point>();
            var iterator = series.CreateIterator();
            while (iterator.MoveNext())
            {
                points.Add(new Point(iterator.Timestamp, iterator.Value));
            }

            if (points.Count > 0)
            {
                result.Add((series.Labels, points));
            }
        }

        return result;
    }
}

using InferScope.Model;

namespace InferScope.Storage;

/// <summary>Cardinality statistics for the status API.</summary>
public sealed partial class Tsdb
{
    /// <summary>Returns the head's cardinality statistics with the <paramref name="limit"/> largest entries of each list.</summary>
    public TsdbStatus GetStatus(int limit = 10)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var pairs = head.PairCounts();
        var seriesByMetric = new List<NamedCount>();
        var valuesByName = new Dictionary<string, long>(StringComparer.Ordinal);
        var bytesByName = new Dictionary<string, long>(StringComparer.Ordinal);
        var byPair = new List<NamedCount>(pairs.Count);
        foreach (var (name, value, series) in pairs)
        {
            if (name == LabelNames.MetricName)
            {
                seriesByMetric.Add(new NamedCount(value, series));
            }

            valuesByName[name] = valuesByName.GetValueOrDefault(name) + 1;
            bytesByName[name] = bytesByName.GetValueOrDefault(name) + System.Text.Encoding.UTF8.GetByteCount(value);
            byPair.Add(new NamedCount($"{name}={value}", series));
        }

        long chunks = 0;
        foreach (var series in head.AllSeries())
        {
            lock (series.Sync)
            {
                chunks += series.ChunkCount;
            }
        }

        var minTime = head.MinTime;
        var maxTime = head.MaxTime;
        return new TsdbStatus(
            head.SeriesCount,
            pairs.Count,
            chunks,
            minTime == long.MaxValue ? 0 : minTime,
            maxTime == long.MinValue ? 0 : maxTime,
            Top(seriesByMetric, limit),
            Top(valuesByName.Select(p => new NamedCount(p.Key, p.Value)), limit),
            Top(bytesByName.Select(p => new NamedCount(p.Key, p.Value)), limit),
            Top(byPair, limit));
    }

    private static List<NamedCount> Top(IEnumerable<NamedCount> items, int limit) =>
        [.. items.OrderByDescending(i => i.Value).ThenBy(i => i.Name, StringComparer.Ordinal).Take(limit)];
}

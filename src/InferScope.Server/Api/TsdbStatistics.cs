using System.Text.Json;
using InferScope.Model;
using InferScope.Model.Storage;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.Server.Api;

/// <summary>
/// The cardinality figures of <c>/api/v1/status/tsdb</c>, counted over the series of a recent
/// window: series per metric name, values per label name, bytes of values per label name and series
/// per label pair, each as a top-N list.
/// </summary>
internal sealed class TsdbStatistics
{
    private readonly Dictionary<string, long> seriesByMetric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> valuesByLabel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> bytesByLabel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> seriesByPair = new(StringComparer.Ordinal);
    private readonly int limit;
    private long seriesCount;
    private long minTimeMs = long.MaxValue;
    private long maxTimeMs = long.MinValue;

    private TsdbStatistics(int limit)
    {
        this.limit = limit;
    }

    public static TsdbStatistics Collect(IQueryable store, long startMs, long endMs, int limit, CancellationToken cancellationToken)
    {
        var stats = new TsdbStatistics(limit);
        using var querier = store.CreateQuerier(startMs, endMs);
        foreach (var series in querier.Select([Matcher.Regex(LabelNames.MetricName, ".+")], cancellationToken))
        {
            stats.Add(series);
        }

        return stats;
    }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("headStats"u8);
        writer.WriteNumber("numSeries"u8, seriesCount);
        writer.WriteNumber("numLabelPairs"u8, valuesByLabel.Values.Sum(v => (long)v.Count));
        // NOTE: chunk counts are not exposed by the storage interface, so this is always 0.
        writer.WriteNumber("chunkCount"u8, 0);
        writer.WriteNumber("minTime"u8, seriesCount == 0 ? 0 : minTimeMs);
        writer.WriteNumber("maxTime"u8, seriesCount == 0 ? 0 : maxTimeMs);
        writer.WriteEndObject();
        WriteTop(writer, "seriesCountByMetricName", seriesByMetric);
        WriteTop(writer, "labelValueCountByLabelName", valuesByLabel.ToDictionary(p => p.Key, p => (long)p.Value.Count, StringComparer.Ordinal));
        WriteTop(writer, "memoryInBytesByLabelName", bytesByLabel);
        WriteTop(writer, "seriesCountByLabelValuePair", seriesByPair);
        writer.WriteEndObject();
    }

    private void Add(ISeries series)
    {
        seriesCount++;
        var labels = series.Labels;
        Increment(seriesByMetric, labels.MetricName, 1);
        foreach (var label in labels)
        {
            if (!valuesByLabel.TryGetValue(label.Name, out var values))
            {
                values = new HashSet<string>(StringComparer.Ordinal);
                valuesByLabel[label.Name] = values;
            }

            if (values.Add(label.Value))
            {
                Increment(bytesByLabel, label.Name, label.Value.Length);
            }

            Increment(seriesByPair, $"{label.Name}={label.Value}", 1);
        }

        var iterator = series.CreateIterator();
        if (iterator.MoveNext())
        {
            minTimeMs = Math.Min(minTimeMs, iterator.Timestamp);
            var last = iterator.Timestamp;
            while (iterator.MoveNext())
            {
                last = iterator.Timestamp;
            }

            maxTimeMs = Math.Max(maxTimeMs, last);
        }
    }

    private void WriteTop(Utf8JsonWriter writer, string name, Dictionary<string, long> counts)
    {
        writer.WriteStartArray(name);
        foreach (var (key, value) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(limit))
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, key);
            writer.WriteNumber("value"u8, value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Increment(Dictionary<string, long> counts, string key, long by) =>
        counts[key] = counts.GetValueOrDefault(key) + by;
}

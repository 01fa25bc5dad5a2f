namespace InferScope.Storage;

/// <summary>
/// Cardinality statistics of the head, the data behind Prometheus's /api/v1/status/tsdb.
/// Times are milliseconds; the lists are sorted by count, largest first.
/// </summary>
public sealed record TsdbStatus(
    long NumSeries,
    long NumLabelPairs,
    long ChunkCount,
    long MinTime,
    long MaxTime,
    IReadOnlyList<NamedCount> SeriesCountByMetricName,
    IReadOnlyList<NamedCount> LabelValueCountByLabelName,
    IReadOnlyList<NamedCount> MemoryInBytesByLabelName,
    IReadOnlyList<NamedCount> SeriesCountByLabelValuePair);

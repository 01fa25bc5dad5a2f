using InferScope.Server.Hosting;
using InferScope.Storage;

namespace InferScope.Server.Telemetry;

/// <summary>Adds the embedded store's head size, block count and memory per series to <c>/metrics</c>.</summary>
public sealed class StorageMetricsSource(Tsdb tsdb) : ISelfMetricsSource
{
    public void WriteMetrics(MetricsTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteFamily("inferscope_tsdb_head_series", "gauge", "Series in the in-memory head.");
        writer.WriteSample("inferscope_tsdb_head_series", tsdb.HeadSeriesCount);
        writer.WriteFamily("inferscope_tsdb_blocks_loaded", "gauge", "Persisted blocks open for reading.");
        writer.WriteSample("inferscope_tsdb_blocks_loaded", tsdb.BlockCount);
        writer.WriteFamily(
            "inferscope_tsdb_head_memory_per_series_bytes",
            "gauge",
            "Estimated head memory per series in bytes: series labels, chunks and index entries.");
        writer.WriteSample("inferscope_tsdb_head_memory_per_series_bytes", tsdb.MemoryPerSeriesBytes());
    }
}

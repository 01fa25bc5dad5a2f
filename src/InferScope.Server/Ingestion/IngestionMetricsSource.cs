using System.Buffers;
using System.Text;
using InferScope.Exposition;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Server.Hosting;
using InferScope.Server.Telemetry;

namespace InferScope.Server.Ingestion;

/// <summary>Adds the ingestion counters (scrapes, pushes, ingested and rejected samples) to <c>/metrics</c>.</summary>
public sealed class IngestionMetricsSource(IngestionMetrics metrics) : ISelfMetricsSource
{
    public void WriteMetrics(MetricsTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var buffer = new ArrayBufferWriter<byte>();
        ExpositionWriter.Write(buffer, metrics.Collect(), ExpositionFormat.PrometheusText);
        writer.WriteRaw(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}

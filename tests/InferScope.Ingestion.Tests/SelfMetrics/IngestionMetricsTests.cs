using System.Text;
using InferScope.Exposition;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Ingestion.Tests.SelfMetrics;

public sealed class IngestionMetricsTests
{
    [Fact]
    public void Collect_WritesCountersInTextFormat()
    {
        var metrics = new IngestionMetrics { TargetCounts = () => new Dictionary<string, int> { ["chat"] = 3 } };
        metrics.AddIngested(IngestionSource.Scrape, 10);
        metrics.AddIngested(IngestionSource.Scrape, 5);
        metrics.AddRejected(IngestionSource.RemoteWrite, AppendStatus.OutOfOrder);
        metrics.AddRejected(IngestionSource.Scrape, RejectReason.SampleLimit, 2);
        metrics.RecordScrape("chat", success: false, TimeSpan.FromMilliseconds(250));
        metrics.RecordPush("otlp_http", 200);

        var text = Encoding.UTF8.GetString(ExpositionWriter.ToBytes(metrics.Collect(), ExpositionFormat.PrometheusText));

        Assert.Contains("inferscope_ingest_samples_total{source=\"scrape\"} 15", text, StringComparison.Ordinal);
        Assert.Contains("inferscope_ingest_rejected_samples_total{reason=\"out_of_order\",source=\"remote_write\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("inferscope_ingest_rejected_samples_total{reason=\"sample_limit\",source=\"scrape\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("inferscope_scrapes_total{endpoint=\"chat\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("inferscope_scrape_failures_total{endpoint=\"chat\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("inferscope_scrape_duration_seconds_total{endpoint=\"chat\"} 0.25", text, StringComparison.Ordinal);
        Assert.Contains("inferscope_push_requests_total{code=\"200\",protocol=\"otlp_http\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("inferscope_scrape_targets{endpoint=\"chat\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE inferscope_ingest_samples_total counter", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_ParsesBack()
    {
        var metrics = new IngestionMetrics();
        metrics.AddIngested(IngestionSource.Otlp, 7);

        var bytes = ExpositionWriter.ToBytes(metrics.Collect(), ExpositionFormat.OpenMetrics);
        var payload = ExpositionParser.Parse(bytes, ExpositionContentType.OpenMetrics);

        var family = Assert.Single(payload.Families, f => f.Name == "inferscope_ingest_samples");
        Assert.Equal(MetricType.Counter, family.Type);
        Assert.Equal(7, Assert.Single(family.Points).Value);
    }
}

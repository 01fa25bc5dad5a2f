namespace InferScope.Ingestion.SelfMetrics;

/// <summary>The values of the <c>source</c> label on ingestion self-metrics.</summary>
public static class IngestionSource
{
    public const string Scrape = "scrape";
    public const string RemoteWrite = "remote_write";
    public const string Otlp = "otlp";
}

namespace InferScope.Ingestion.Scraping;

/// <summary>
/// An inference endpoint and how to scrape its instances: the static list, plus any found in
/// file-based discovery files. <see cref="ScrapeEndpointValidator"/> checks the ranges below.
/// </summary>
public sealed record ScrapeEndpoint
{
    /// <summary>The least allowed <see cref="MetricsPublishFrequencySeconds"/>.</summary>
    public const int MinPublishFrequencySeconds = 1;

    /// <summary>The largest allowed <see cref="MetricsPublishFrequencySeconds"/>.</summary>
    public const int MaxPublishFrequencySeconds = 300;

    /// <summary>The endpoint name: the <c>endpoint</c> and <c>job</c> labels of its series.</summary>
    public required string Name { get; init; }

    public IReadOnlyList<ScrapeInstance> Instances { get; init; } = [];

    /// <summary>
    /// Files in Prometheus's file_sd format (JSON, or YAML by the extension .yml or .yaml). A
    /// <c>*</c> in the file name matches any characters, as in Prometheus.
    /// </summary>
    public IReadOnlyList<string> FileSdFiles { get; init; } = [];

    /// <summary>How often discovery files are reread even without a change event; default 5 minutes.</summary>
    public TimeSpan FileSdRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The HTTP path of the metrics, default <c>/metrics</c>.</summary>
    public string MetricsPath { get; init; } = "/metrics";

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>The scrape interval in whole seconds, from 1 to 300; default 60.</summary>
    public int MetricsPublishFrequencySeconds { get; init; } = 60;

    /// <summary>
    /// Whether every raw and unified series is kept (the default). When false only the
    /// <see cref="BasicMetricSet"/> is stored, with the scrape's own series such as <c>up</c>.
    /// </summary>
    public bool EnableDetailedObservability { get; init; } = true;

    /// <summary>The scrape timeout; null means 10 seconds or the interval, whichever is shorter.</summary>
    public TimeSpan? ScrapeTimeout { get; init; }

    /// <summary>
    /// Whether labels in the payload win over target labels of the same name. When false (the
    /// default) a clashing payload label is kept as <c>exported_NAME</c>, as in Prometheus.
    /// </summary>
    public bool HonorLabels { get; init; }

    /// <summary>Whether timestamps in the payload are kept; when false every sample gets the scrape time.</summary>
    public bool HonorTimestamps { get; init; } = true;

    /// <summary>The maximum uncompressed body size in bytes; 0 means no limit.</summary>
    public long BodySizeLimitBytes { get; init; }

    /// <summary>
    /// The maximum number of samples a scrape may store, after filtering; 0 means no limit. A scrape
    /// over the limit fails and stores none of its samples, as in Prometheus.
    /// </summary>
    public int SampleLimit { get; init; }

    /// <summary>The scrape interval.</summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(MetricsPublishFrequencySeconds);

    /// <summary>The timeout in force: <see cref="ScrapeTimeout"/> or its default.</summary>
    public TimeSpan EffectiveTimeout =>
        ScrapeTimeout ?? (Interval < TimeSpan.FromSeconds(10) ? Interval : TimeSpan.FromSeconds(10));
}

namespace InferScope.Server.Configuration;

/// <summary>
/// One inference endpoint: a named group of instances serving one model with one engine. Its labels
/// (endpoint, region, engine, model, instance_type, gpu_type) are attached to every scraped series.
/// </summary>
public sealed class EndpointConfig
{
    /// <summary>The smallest allowed <see cref="MetricsPublishFrequencySeconds"/>.</summary>
    public const int MinPublishFrequencySeconds = 1;

    /// <summary>The largest allowed <see cref="MetricsPublishFrequencySeconds"/>.</summary>
    public const int MaxPublishFrequencySeconds = 300;

    public required string Name { get; init; }

    public string? Region { get; init; }

    /// <summary>The engine name (vllm, sglang, djl, tgi, ...), or null to detect it from the first payload.</summary>
    public string? Engine { get; init; }

    public string? Model { get; init; }

    public string? InstanceType { get; init; }

    public string? GpuType { get; init; }

    /// <summary>The scrape interval in whole seconds, 1 to 300; default 60.</summary>
    public int MetricsPublishFrequencySeconds { get; init; } = 60;

    /// <summary>When false, only the basic set (requests, errors, latency) is kept.</summary>
    public bool EnableDetailedObservability { get; init; } = true;

    /// <summary>The scrape timeout; null means the global one, capped at the publish interval.</summary>
    public TimeSpan? ScrapeTimeout { get; init; }

    public string MetricsPath { get; init; } = "/metrics";

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>When true, labels the target exposes win over the target's own labels, as in Prometheus.</summary>
    public bool HonorLabels { get; init; }

    /// <summary>When true, the timestamps a payload carries are stored; when false, the scrape time is used, as in Prometheus.</summary>
    public bool HonorTimestamps { get; init; } = true;

    /// <summary>The maximum samples per scrape, or 0 for no limit.</summary>
    public int SampleLimit { get; init; }

    /// <summary>The maximum uncompressed bytes of one scrape body, or 0 for no limit.</summary>
    public long BodySizeLimitBytes { get; init; }

    public IReadOnlyList<InstanceConfig> Instances { get; init; } = [];

    public IReadOnlyList<FileSdConfig> FileSd { get; init; } = [];

    public BenchmarkConfig? Benchmark { get; init; }

    public SloConfig? Slo { get; init; }

    /// <summary>The price of one instance for one hour, in the currency the operator uses.</summary>
    public double? PricePerInstanceHour { get; init; }

    /// <summary>Returns the scrape timeout in force: the endpoint's, else the global one, capped at the interval.</summary>
    public TimeSpan EffectiveScrapeTimeout(GlobalConfig global)
    {
        ArgumentNullException.ThrowIfNull(global);
        var timeout = ScrapeTimeout ?? global.ScrapeTimeout;
        var interval = TimeSpan.FromSeconds(MetricsPublishFrequencySeconds);
        return timeout > interval ? interval : timeout;
    }
}

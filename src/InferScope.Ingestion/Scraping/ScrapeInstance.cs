namespace InferScope.Ingestion.Scraping;

/// <summary>
/// One scrape target of an endpoint: its address and the labels attached to every series it
/// yields. A null or empty label is left off the series.
/// </summary>
public sealed record ScrapeInstance
{
    /// <summary>The <c>host:port</c> to scrape.</summary>
    public required string Address { get; init; }

    /// <summary>The HTTP path of this instance's metrics; the endpoint's path when null.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>
    /// The <c>instance</c> label; the address when null. Set it when several instances share an
    /// address with different paths, or their series collide.
    /// </summary>
    public string? Instance { get; init; }

    public string? Region { get; init; }

    /// <summary>The availability zone, as the <c>az</c> label.</summary>
    public string? Az { get; init; }

    /// <summary>The cloud instance type, such as <c>ml.g6.4xlarge</c>, as <c>instance_type</c>.</summary>
    public string? InstanceType { get; init; }

    public string? GpuType { get; init; }

    /// <summary>
    /// The engine, by a name <see cref="Engines.EngineKindNames.TryParse"/> accepts (<c>vllm</c>,
    /// <c>sglang</c>, <c>trtllm</c>, …); the <c>engine</c> label carries its label value. When null
    /// the engine is detected from the first payload and the label is set to what was found.
    /// </summary>
    public string? Engine { get; init; }

    public string? Model { get; init; }

    /// <summary>The inference component or model variant, as the <c>component</c> label.</summary>
    public string? Component { get; init; }

    /// <summary>Further labels to attach, keyed by label name.</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();
}

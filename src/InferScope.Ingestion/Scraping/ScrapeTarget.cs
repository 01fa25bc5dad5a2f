using InferScope.Engines;
using InferScope.Model;

namespace InferScope.Ingestion.Scraping;

/// <summary>A resolved scrape target: an instance of an endpoint with its URL and target labels.</summary>
internal sealed class ScrapeTarget
{
    public ScrapeTarget(ScrapeEndpoint endpoint, ScrapeInstance instance, string source)
    {
        Endpoint = endpoint;
        Instance = instance;
        Source = source;
        Url = new Uri($"{endpoint.Scheme}://{instance.Address}{instance.MetricsPath ?? endpoint.MetricsPath}");
        Key = endpoint.Name + "\n" + Url.OriginalString;
        ConfiguredEngine = EngineKindNames.TryParse(instance.Engine, out var engine) ? engine : null;
        Labels = BuildLabels(endpoint, instance);
        DiscoveredLabels = BuildDiscoveredLabels(endpoint, instance, Labels);
    }

    /// <summary>Identifies the target across configuration changes: endpoint name and URL.</summary>
    public string Key { get; }

    public ScrapeEndpoint Endpoint { get; }

    public ScrapeInstance Instance { get; }

    /// <summary><c>static</c> for a configured instance, <c>file_sd</c> for a discovered one.</summary>
    public string Source { get; }

    public Uri Url { get; }

    public EngineKind? ConfiguredEngine { get; }

    /// <summary>The labels attached to every series, sorted, without <c>engine</c> when it is detected.</summary>
    public Labels Labels { get; }

    /// <summary>The target labels plus the reserved <c>__address__</c>, <c>__scheme__</c> and <c>__metrics_path__</c>.</summary>
    public Labels DiscoveredLabels { get; }

    /// <summary>Returns whether a scrape of <paramref name="other"/> behaves exactly like one of this target.</summary>
    public bool SameSettings(ScrapeTarget other) =>
        Url == other.Url
        && Labels.Equals(other.Labels)
        && ConfiguredEngine == other.ConfiguredEngine
        && Endpoint.Interval == other.Endpoint.Interval
        && Endpoint.EffectiveTimeout == other.Endpoint.EffectiveTimeout
        && Endpoint.EnableDetailedObservability == other.Endpoint.EnableDetailedObservability
        && Endpoint.HonorLabels == other.Endpoint.HonorLabels
        && Endpoint.HonorTimestamps == other.Endpoint.HonorTimestamps
        && Endpoint.BodySizeLimitBytes == other.Endpoint.BodySizeLimitBytes
        && Endpoint.SampleLimit == other.Endpoint.SampleLimit;

    private static Labels BuildLabels(ScrapeEndpoint endpoint, ScrapeInstance instance)
    {
        var builder = new LabelsBuilder();
        foreach (var (name, value) in instance.ExtraLabels)
        {
            builder.Set(name, value);
        }

        builder.Set(LabelNames.Job, endpoint.Name);
        builder.Set(TargetLabelNames.Endpoint, endpoint.Name);
        builder.Set(LabelNames.Instance, instance.Instance ?? instance.Address);
        builder.Set(TargetLabelNames.Region, instance.Region ?? string.Empty);
        builder.Set(TargetLabelNames.Az, instance.Az ?? string.Empty);
        builder.Set(TargetLabelNames.InstanceType, instance.InstanceType ?? string.Empty);
        builder.Set(TargetLabelNames.GpuType, instance.GpuType ?? string.Empty);
        builder.Set(TargetLabelNames.Model, instance.Model ?? string.Empty);
        builder.Set(TargetLabelNames.Component, instance.Component ?? string.Empty);
        if (EngineKindNames.TryParse(instance.Engine, out var engine))
        {
            builder.Set(TargetLabelNames.Engine, engine.ToLabelValue());
        }

        return builder.Build();
    }

    private static Labels BuildDiscoveredLabels(ScrapeEndpoint endpoint, ScrapeInstance instance, Labels labels) =>
        labels.ToBuilder()
            .Set("__address__", instance.Address)
            .Set("__scheme__", endpoint.Scheme)
            .Set("__metrics_path__", instance.MetricsPath ?? endpoint.MetricsPath)
            .Build();
}

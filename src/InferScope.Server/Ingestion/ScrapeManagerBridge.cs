using InferScope.Engines;
using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.Scraping;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using InferScope.Server.Targets;

namespace InferScope.Server.Ingestion;

/// <summary>
/// Connects the configuration to the scrape manager: each valid configuration becomes the manager's
/// endpoint list, so a reload adds, removes or changes endpoints without a restart, and the
/// manager's targets are listed by <c>/api/v1/targets</c>.
/// </summary>
public sealed class ScrapeManagerBridge(ScrapeManager manager) : IConfigSubscriber, ITargetStatusSource, IAsyncDisposable
{
    public async Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var endpoints = config.Endpoints.Select(e => ToScrapeEndpoint(e, config.Global)).ToList();
        await manager.ApplyAsync(endpoints, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<TargetStatus> ActiveTargets() =>
        manager.GetTargets()
            .Select(t => new TargetStatus(
                t.DiscoveredLabels,
                t.Labels,
                t.ScrapePool,
                t.ScrapeUrl.ToString(),
                t.LastError,
                t.LastScrape,
                t.LastScrapeDuration,
                t.Health,
                t.Interval,
                t.Timeout))
            .ToList();

    public IReadOnlyList<TargetStatus> DroppedTargets() => [];

    public ValueTask DisposeAsync() => manager.DisposeAsync();

    /// <summary>Maps an endpoint of the configuration to the scrape manager's form.</summary>
    public static ScrapeEndpoint ToScrapeEndpoint(EndpointConfig endpoint, GlobalConfig global)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(global);
        string? engine = null;
        if (endpoint.Engine is not null && ConfigLoader.TryParseEngine(endpoint.Engine, out var kind))
        {
            engine = kind.ToLabelValue();
        }

        return new ScrapeEndpoint
        {
            Name = endpoint.Name,
            Instances = endpoint.Instances.Select(i => new ScrapeInstance
            {
                Address = i.Target,
                Region = endpoint.Region,
                Az = i.Az,
                InstanceType = endpoint.InstanceType,
                GpuType = endpoint.GpuType,
                Engine = engine,
                Model = endpoint.Model,
                ExtraLabels = i.Labels,
            }).ToList(),
            FileSdFiles = endpoint.FileSd.SelectMany(f => f.Files).ToList(),
            FileSdRefreshInterval = endpoint.FileSd.Count > 0 ? endpoint.FileSd.Min(f => f.RefreshInterval) : TimeSpan.FromMinutes(5),
            MetricsPath = endpoint.MetricsPath,
            Scheme = endpoint.Scheme,
            MetricsPublishFrequencySeconds = endpoint.MetricsPublishFrequencySeconds,
            EnableDetailedObservability = endpoint.EnableDetailedObservability,
            ScrapeTimeout = endpoint.EffectiveScrapeTimeout(global),
            HonorLabels = endpoint.HonorLabels,
            HonorTimestamps = endpoint.HonorTimestamps,
            BodySizeLimitBytes = endpoint.BodySizeLimitBytes,
            SampleLimit = endpoint.SampleLimit,
        };
    }
}

using InferScope.Model;

namespace InferScope.Server.Configuration;

/// <summary>Settings that apply to every endpoint unless the endpoint overrides them.</summary>
public sealed class GlobalConfig
{
    /// <summary>How long a scrape may take before it fails; default 10 s, at most the publish interval.</summary>
    public TimeSpan ScrapeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Labels added to series leaving this server: federation, remote write and alerts.</summary>
    public Labels ExternalLabels { get; init; } = Labels.Empty;
}

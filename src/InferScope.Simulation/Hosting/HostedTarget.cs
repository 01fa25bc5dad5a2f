using InferScope.Simulation.Fleet;

namespace InferScope.Simulation.Hosting;

/// <summary>A simulated target served over HTTP: its description and the address it listens on.</summary>
public sealed record HostedTarget(ScrapeTarget Target, Uri BaseAddress)
{
    /// <summary>The URL to scrape.</summary>
    public Uri MetricsUrl => new(BaseAddress, Target.MetricsPath);

    /// <summary><c>host:port</c> of the listener, as a scrape configuration names it.</summary>
    public string Address => BaseAddress.Authority;
}

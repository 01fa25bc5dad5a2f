using InferScope.Simulation.Fleet;

namespace InferScope.Simulation.Hosting;

/// <summary>
/// A simulated target served over HTTP: its description and its base address. With one server
/// per target, <see cref="BaseAddress"/> is the server's root. On a shared server it is the
/// target's own path prefix, such as <c>http://127.0.0.1:41000/targets/17/</c>.
/// </summary>
public sealed record HostedTarget(ScrapeTarget Target, Uri BaseAddress)
{
    /// <summary>The URL to scrape.</summary>
    public Uri MetricsUrl => UrlOf(Target.MetricsPath);

    /// <summary>The HTTP path of the metrics on the server, as a scrape configuration's <c>__metrics_path__</c>.</summary>
    public string MetricsPath => MetricsUrl.AbsolutePath;

    /// <summary><c>host:port</c> of the listener, as a scrape configuration names it.</summary>
    public string Address => BaseAddress.Authority;

    /// <summary>The URL of one of the target's paths, such as <c>/health</c> or <c>/v1/completions</c>.</summary>
    public Uri UrlOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Uri(BaseAddress, path.TrimStart('/'));
    }
}

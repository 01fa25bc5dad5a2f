namespace InferScope.Server.Configuration;

/// <summary>One statically listed instance of an endpoint.</summary>
public sealed class InstanceConfig
{
    /// <summary>The scrape address as <c>host:port</c>; it becomes the <c>instance</c> label.</summary>
    public required string Target { get; init; }

    /// <summary>The availability zone, attached as the <c>az</c> label.</summary>
    public string? Az { get; init; }

    /// <summary>A path that overrides the endpoint's <c>metrics_path</c> for this instance.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>Extra labels attached to every series of this instance.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

using InferScope.Model;

namespace InferScope.Analysis.Rules;

/// <summary>Settings shared by every rule group.</summary>
public sealed record RuleManagerOptions
{
    /// <summary>The interval of groups that set none; Prometheus's default is 1m.</summary>
    public TimeSpan DefaultInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a still-firing alert is sent again; Prometheus's default is 1m.</summary>
    public TimeSpan ResendDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Labels added to every sent alert and readable as <c>$externalLabels</c>.</summary>
    public Labels ExternalLabels { get; init; } = Labels.Empty;

    /// <summary>The server's external address; sent alerts link to <c>graph?g0.expr=</c> under it.</summary>
    public Uri ExternalUrl { get; init; } = new("http://localhost:9090/");
}

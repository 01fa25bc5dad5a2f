namespace InferScope.Server.Configuration;

/// <summary>Where firing alerts are sent.</summary>
public sealed class AlertingConfig
{
    /// <summary>Base URLs of Alertmanager instances (their <c>/api/v2/alerts</c> receives the alerts).</summary>
    public IReadOnlyList<Uri> AlertmanagerUrls { get; init; } = [];

    /// <summary>A URL that receives each alert notification as a JSON POST.</summary>
    public Uri? WebhookUrl { get; init; }
}

namespace InferScope.Analysis.Notifications;

/// <summary>A receiver of alerts, such as Alertmanager or a webhook.</summary>
public interface IAlertSender
{
    /// <summary>A short name for logs, such as the receiver's URL.</summary>
    string Name { get; }

    /// <exception cref="HttpRequestException">The receiver is unreachable or rejected the alerts.</exception>
    Task SendAsync(IReadOnlyList<AlertNotification> alerts, CancellationToken cancellationToken);
}

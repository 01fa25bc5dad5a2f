using InferScope.Analysis.Notifications;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Rules;

/// <summary>
/// Sends alerts to the receivers the configuration's <c>alerting</c> block names: every Alertmanager
/// in <c>alertmanager_urls</c> and the <c>webhook_url</c>. A reload replaces the receivers, and the
/// next notification goes to the new ones. A receiver that fails is logged and does not keep the
/// alerts from the others.
/// </summary>
public sealed partial class ConfiguredAlertSenders : IAlertSender, IConfigSubscriber
{
    private readonly HttpClient client;
    private readonly ILogger logger;
    private volatile IReadOnlyList<IAlertSender> senders = [];

    /// <param name="client">The client the senders post with; its lifetime stays with the caller.</param>
    public ConfiguredAlertSenders(HttpClient client, ILogger<ConfiguredAlertSenders> logger)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public string Name => "alerting";

    /// <summary>The receivers in force.</summary>
    public IReadOnlyList<IAlertSender> Senders => senders;

    public Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var next = new List<IAlertSender>();
        next.AddRange(config.Alerting.AlertmanagerUrls.Select(url => new AlertmanagerSender(client, url)));
        if (config.Alerting.WebhookUrl is { } webhook)
        {
            next.Add(new WebhookSender(client, webhook));
        }

        senders = next;
        return Task.CompletedTask;
    }

    public async Task SendAsync(IReadOnlyList<AlertNotification> alerts, CancellationToken cancellationToken)
    {
        foreach (var sender in senders)
        {
            try
            {
                await sender.SendAsync(alerts, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                LogSendFailed(logger, e, alerts.Count, sender.Name, e.Message);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                LogSendFailed(logger, e, alerts.Count, sender.Name, "the request timed out");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {AlertCount} alerts to {Receiver} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int alertCount, string receiver, string reason);
}

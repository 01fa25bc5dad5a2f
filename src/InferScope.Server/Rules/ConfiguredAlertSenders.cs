using System.Threading.Channels;
using InferScope.Analysis.Notifications;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Rules;

/// <summary>
/// Sends alerts to the receivers the configuration's <c>alerting</c> block names: every Alertmanager
/// in <c>alertmanager_urls</c> and the <c>webhook_url</c>. A reload replaces the receivers, and the
/// next notification goes to the new ones.
/// </summary>
/// <remarks>
/// Notifications wait in a queue that one background loop drains in order, so a slow or unreachable
/// receiver delays neither rule evaluation nor the other receivers' next batch by more than its
/// request timeout. When <see cref="QueueCapacity"/> batches wait, the oldest is dropped and logged.
/// A receiver that fails is logged and does not keep the alerts from the others.
/// </remarks>
public sealed partial class ConfiguredAlertSenders : IAlertSender, IConfigSubscriber, IAsyncDisposable
{
    /// <summary>The maximum batches of alerts waiting to be sent.</summary>
    public const int QueueCapacity = 1000;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient client;
    private readonly ILogger logger;
    private readonly Channel<IReadOnlyList<AlertNotification>> queue;
    private readonly CancellationTokenSource stop = new();
    private volatile IReadOnlyList<IAlertSender> senders = [];
    private Task? loop;

    /// <param name="client">The client the senders post with; its lifetime stays with the caller.</param>
    public ConfiguredAlertSenders(HttpClient client, ILogger<ConfiguredAlertSenders> logger)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        queue = Channel.CreateBounded<IReadOnlyList<AlertNotification>>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => LogDropped(this.logger, dropped.Count, QueueCapacity));
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
        loop ??= Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Queues the alerts for the receivers in force and returns at once.</summary>
    public Task SendAsync(IReadOnlyList<AlertNotification> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (!queue.Writer.TryWrite(alerts))
        {
            LogDropped(logger, alerts.Count, QueueCapacity);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops taking alerts and sends those queued, waiting at most five seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop is not null)
        {
            try
            {
                await loop.WaitAsync(DrainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogDrainTimedOut(logger, DrainTimeout.TotalSeconds);
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The loop ends by cancellation when draining took too long.
            }
        }

        stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var alerts in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
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
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {AlertCount} alerts to {Receiver} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int alertCount, string receiver, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {AlertCount} alerts because {Capacity} batches already wait to be sent; check that the receivers are reachable")]
    private static partial void LogDropped(ILogger logger, int alertCount, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the queued alerts did not finish within {Seconds} s of shutdown; the rest are dropped")]
    private static partial void LogDrainTimedOut(ILogger logger, double seconds);
}

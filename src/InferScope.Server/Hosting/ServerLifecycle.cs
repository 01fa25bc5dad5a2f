using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Hosting;

/// <summary>
/// Starts the configuration subscribers and the reload triggers, and on shutdown stops them before
/// disposing the store, so the write-ahead log is flushed after the last append.
/// </summary>
internal sealed partial class ServerLifecycle(
    ConfigManager config,
    ServerComponents components,
    ServerOptions options,
    ILogger<ServerLifecycle> logger) : IHostedService
{
    private volatile bool ready;

    /// <summary>Whether start-up finished; <c>/-/ready</c> reports it.</summary>
    public bool IsReady => ready;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await config.StartAsync(cancellationToken).ConfigureAwait(false);
        if (options.WatchConfig)
        {
            config.StartWatching();
        }

        ready = true;
        LogStarted(logger, config.Current.Endpoints.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        ready = false;
        config.Dispose();
        // In reverse order, so a subscriber stops after those that feed it, such as the alert
        // receivers after the rule evaluator.
        foreach (var subscriber in components.Subscribers.Reverse())
        {
            if (subscriber is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (components.Storage is not null)
        {
            LogFlushing(logger);
            await components.Storage.DisposeAsync().ConfigureAwait(false);
        }

        LogStopped(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "InferScope server started with {EndpointCount} endpoints")]
    private static partial void LogStarted(ILogger logger, int endpointCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Flushing and closing storage")]
    private static partial void LogFlushing(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "InferScope server stopped")]
    private static partial void LogStopped(ILogger logger);
}

using InferScope.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Hosting;

/// <summary>
/// Logs a warning when a reload changes the <c>query</c> block. The API, the rules and the diagnosis
/// share one engine and its query slots, so the engine keeps the limits it started with until the
/// server restarts. With remote storage the block has no effect, which is logged at start.
/// </summary>
/// <param name="running">The limits the local engine runs with, or null when queries go to a remote store.</param>
internal sealed partial class QueryLimitsSubscriber(QueryConfig? running, ILogger logger) : IConfigSubscriber
{
    private bool started;

    public Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var first = !started;
        started = true;
        if (running is null)
        {
            if (first && config.Query != new QueryConfig())
            {
                LogIgnoredWithRemoteStorage(logger, config.SourcePath ?? "the configuration");
            }
        }
        else if (config.Query != running)
        {
            LogRestartNeeded(
                logger,
                config.SourcePath ?? "the configuration",
                PrometheusDuration.Format(running.LookbackDelta),
                PrometheusDuration.Format(running.Timeout),
                running.MaxSamples,
                running.MaxConcurrency,
                running.ReadParallelism);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The query block in {Path} changed, but query limits apply only at start; restart the server to use them. "
            + "Running with lookback_delta {LookbackDelta}, timeout {Timeout}, max_samples {MaxSamples}, max_concurrency {MaxConcurrency}, read_parallelism {ReadParallelism}")]
    private static partial void LogRestartNeeded(ILogger logger, string path, string lookbackDelta, string timeout, long maxSamples, int maxConcurrency, int readParallelism);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The query block in {Path} has no effect with storage mode remote; the remote store applies its own query limits")]
    private static partial void LogIgnoredWithRemoteStorage(ILogger logger, string path);
}

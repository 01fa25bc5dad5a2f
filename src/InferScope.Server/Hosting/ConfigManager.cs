using System.Runtime.InteropServices;
using InferScope.Server.Configuration;
using InferScope.Server.Telemetry;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Hosting;

/// <summary>
/// Owns the configuration in force. A reload (POST /-/reload, SIGHUP or a change of the file) parses
/// the file and lets every subscriber validate it, and only when all accept it applies it to every
/// subscriber and swaps it in. An invalid file is rejected with its errors logged and the old
/// configuration keeps running in every subscriber.
/// </summary>
public sealed partial class ConfigManager : IDisposable
{
    private static readonly TimeSpan WatchDebounce = TimeSpan.FromMilliseconds(300);

    private readonly string path;
    private readonly IReadOnlyList<IConfigSubscriber> subscribers;
    private readonly ServerMetrics metrics;
    private readonly ILogger logger;
    private readonly SemaphoreSlim reloadGate = new(1, 1);
    private FileSystemWatcher? watcher;
    private PosixSignalRegistration? hangupRegistration;
    private Timer? debounceTimer;
    private volatile InferScopeConfig current;

    public ConfigManager(
        string path,
        InferScopeConfig initial,
        IReadOnlyList<IConfigSubscriber> subscribers,
        ServerMetrics metrics,
        ILogger logger)
    {
        this.path = Path.GetFullPath(path);
        current = initial ?? throw new ArgumentNullException(nameof(initial));
        this.subscribers = subscribers ?? throw new ArgumentNullException(nameof(subscribers));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The configuration in force.</summary>
    public InferScopeConfig Current => current;

    /// <summary>Validates the initial configuration with every subscriber, then applies it to each.</summary>
    /// <exception cref="ConfigException">A subscriber rejected the configuration, such as for a missing rule file.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ValidateAsync(current, cancellationToken).ConfigureAwait(false);
        foreach (var subscriber in subscribers)
        {
            await subscriber.ApplyAsync(current, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reloads on SIGHUP and whenever the file is written, renamed into place or replaced.</summary>
    public void StartWatching()
    {
        if (!OperatingSystem.IsWindows())
        {
            hangupRegistration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                LogSignalReload(logger);
                _ = ReloadAsync(CancellationToken.None);
            });
        }

        var folder = Path.GetDirectoryName(path)!;
        debounceTimer = new Timer(_ => _ = ReloadAsync(CancellationToken.None), null, Timeout.Infinite, Timeout.Infinite);
        watcher = new FileSystemWatcher(folder, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };

        // Editors save by writing in place or by renaming a temporary file over the original.
        watcher.Changed += OnFileEvent;
        watcher.Created += OnFileEvent;
        watcher.Renamed += OnFileEvent;
        watcher.EnableRaisingEvents = true;
    }

    /// <summary>Reloads the file; returns null on success, else the error that kept the old configuration.</summary>
    public async Task<string?> ReloadAsync(CancellationToken cancellationToken)
    {
        await reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            InferScopeConfig next;
            try
            {
                next = await ConfigLoader.LoadFileAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException)
            {
                metrics.RecordReload(success: false);
                LogReloadRejected(logger, path, e.Message);
                return e.Message;
            }

            try
            {
                await ValidateAsync(next, cancellationToken).ConfigureAwait(false);
            }
            catch (ConfigException e)
            {
                metrics.RecordReload(success: false);
                LogReloadRejected(logger, path, e.Message);
                return e.Message;
            }

            try
            {
                foreach (var subscriber in subscribers)
                {
                    await subscriber.ApplyAsync(next, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // NOTE: validation catches the known failures, but subscribers applied before one that
                // fails anyway keep the new configuration.
                metrics.RecordReload(success: false);
                LogApplyFailed(logger, e, path);
                return $"applying the configuration failed: {e.Message}";
            }

            current = next;
            metrics.RecordReload(success: true);
            LogReloaded(logger, path, next.Endpoints.Count);
            return null;
        }
        finally
        {
            reloadGate.Release();
        }
    }

    private async Task ValidateAsync(InferScopeConfig config, CancellationToken cancellationToken)
    {
        foreach (var subscriber in subscribers)
        {
            await subscriber.ValidateAsync(config, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        hangupRegistration?.Dispose();
        watcher?.Dispose();
        debounceTimer?.Dispose();
        reloadGate.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) =>
        debounceTimer?.Change(WatchDebounce, Timeout.InfiniteTimeSpan);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloading the configuration on SIGHUP")]
    private static partial void LogSignalReload(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected the configuration in {Path}; the previous one stays in force. {Errors}")]
    private static partial void LogReloadRejected(ILogger logger, string path, string errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the configuration from {Path} failed")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the configuration from {Path} with {EndpointCount} endpoints")]
    private static partial void LogReloaded(ILogger logger, string path, int endpointCount);
}

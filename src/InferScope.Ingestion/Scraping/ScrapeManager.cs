using System.Diagnostics;
using InferScope.Ingestion.Discovery;
using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model.Storage;
using Microsoft.Extensions.Logging;

namespace InferScope.Ingestion.Scraping;

/// <summary>
/// Runs one scrape loop per target of the configured endpoints. <see cref="ApplyAsync"/> replaces
/// the configuration: targets it adds start, targets it removes stop with staleness markers, and
/// targets whose settings changed keep their loop and series state, so targets it does not touch
/// scrape on without a gap. Thread-safe.
/// </summary>
public sealed class ScrapeManager : IAsyncDisposable
{
    private readonly ScrapeServices services;
    private readonly ScrapeManagerOptions options;
    private readonly SemaphoreSlim applyLock = new(1, 1);
    private readonly Dictionary<string, ScrapeLoop> loops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileSdWatcher> watchers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource disposed = new();
    private IReadOnlyList<ScrapeEndpoint> endpoints = [];

    /// <param name="storage">Where scraped samples are appended.</param>
    /// <param name="decoder">Parses response bodies.</param>
    /// <param name="normalizer">Adds the unified series of each payload.</param>
    /// <param name="httpClient">
    /// The client for every scrape, typically from <c>IHttpClientFactory</c>. Its own timeout is not
    /// used: each scrape has the endpoint's timeout.
    /// </param>
    /// <param name="metrics">Self-metrics to update.</param>
    /// <param name="logger">Receives target lifecycle and scrape errors.</param>
    /// <param name="options">Manager settings; defaults when null.</param>
    public ScrapeManager(
        IAppendable storage,
        IPayloadDecoder decoder,
        IPayloadNormalizer normalizer,
        HttpClient httpClient,
        IngestionMetrics metrics,
        ILogger<ScrapeManager> logger,
        ScrapeManagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(normalizer);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options ?? new ScrapeManagerOptions();
        services = new ScrapeServices(
            storage, decoder, normalizer, new TargetScraper(httpClient), metrics, this.options.Time, logger);
        metrics.TargetCounts = CountTargets;
    }

    /// <summary>The endpoints in force.</summary>
    public IReadOnlyList<ScrapeEndpoint> Endpoints => Volatile.Read(ref endpoints);

    /// <summary>
    /// Validates and applies a new set of endpoints. Throws <see cref="ScrapeConfigurationException"/>
    /// listing every invalid field, in which case the running configuration stays in force.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<ScrapeEndpoint> newEndpoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newEndpoints);
        var errors = ScrapeEndpointValidator.Validate(newEndpoints);
        if (errors.Count > 0)
        {
            throw new ScrapeConfigurationException(errors);
        }

        ObjectDisposedException.ThrowIf(disposed.IsCancellationRequested, this);
        await applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            UpdateWatchers(newEndpoints);
            Volatile.Write(ref endpoints, newEndpoints);
            await SyncTargetsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            applyLock.Release();
        }
    }

    /// <summary>Returns the state of every target, ordered by endpoint and URL.</summary>
    public IReadOnlyList<ScrapeTargetStatus> GetTargets()
    {
        lock (loops)
        {
            return [.. loops.Values.Select(l => l.GetStatus())
                .OrderBy(s => s.ScrapePool, StringComparer.Ordinal)
                .ThenBy(s => s.ScrapeUrl.ToString(), StringComparer.Ordinal)];
        }
    }

    /// <summary>Stops every loop without staleness markers, as at shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed.IsCancellationRequested)
        {
            return;
        }

        await disposed.CancelAsync().ConfigureAwait(false);
        await applyLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var watcher in watchers.Values)
            {
                watcher.Dispose();
            }

            watchers.Clear();
            List<ScrapeLoop> all;
            lock (loops)
            {
                all = [.. loops.Values];
                loops.Clear();
            }

            foreach (var loop in all)
            {
                await loop.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            applyLock.Release();
        }

        disposed.Dispose();
    }

    /// <summary>Returns the first loop of an endpoint's instance address, for tests that scrape by hand.</summary>
    internal ScrapeLoop? FindLoop(string endpoint, string address)
    {
        lock (loops)
        {
            return loops.Values.FirstOrDefault(l => l.Target.Endpoint.Name == endpoint && l.Target.Instance.Address == address);
        }
    }

    private void UpdateWatchers(IReadOnlyList<ScrapeEndpoint> newEndpoints)
    {
        var wanted = newEndpoints.Where(e => e.FileSdFiles.Count > 0).ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var name in watchers.Keys.ToList())
        {
            var old = Endpoints.First(e => e.Name == name);
            if (!wanted.TryGetValue(name, out var replacement)
                || !replacement.FileSdFiles.SequenceEqual(old.FileSdFiles, StringComparer.Ordinal)
                || replacement.FileSdRefreshInterval != old.FileSdRefreshInterval)
            {
                watchers[name].Dispose();
                watchers.Remove(name);
            }
        }

        foreach (var (name, endpoint) in wanted)
        {
            if (!watchers.ContainsKey(name))
            {
                var watcher = new FileSdWatcher(endpoint.FileSdFiles, endpoint.FileSdRefreshInterval, options.Time, services.Logger);
                watcher.Changed += OnDiscoveryChanged;
                watchers[name] = watcher;
            }
        }
    }

    private void OnDiscoveryChanged() => _ = RefreshAfterDiscoveryAsync();

    private async Task RefreshAfterDiscoveryAsync()
    {
        try
        {
            await applyLock.WaitAsync(disposed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            await SyncTargetsAsync(disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            applyLock.Release();
        }
    }

    /// <summary>Starts, updates and stops loops so they match the endpoints and discovered instances.</summary>
    private async Task SyncTargetsAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var desired = DesiredTargets();
        int added = 0, updated = 0, unchanged = 0;
        List<ScrapeLoop> removed;
        lock (loops)
        {
            removed = [.. loops.Where(p => !desired.ContainsKey(p.Key)).Select(p => p.Value)];
            foreach (var loop in removed)
            {
                loops.Remove(loop.Target.Key);
            }

            foreach (var (key, target) in desired)
            {
                if (loops.TryGetValue(key, out var loop))
                {
                    if (loop.Target.SameSettings(target))
                    {
                        unchanged++;
                    }
                    else
                    {
                        loop.Update(target);
                        updated++;
                    }

                    continue;
                }

                var started = new ScrapeLoop(target, services);
                loops[key] = started;
                started.Start(FirstDelay(target), options.AutoScrape);
                added++;
            }
        }

        foreach (var loop in removed)
        {
            await loop.StopAsync(markStale: true, cancellationToken).ConfigureAwait(false);
            await loop.DisposeAsync().ConfigureAwait(false);
        }

        IngestionLog.ConfigurationApplied(
            services.Logger, stopwatch.ElapsedMilliseconds, added, removed.Count, updated, unchanged);
    }

    private Dictionary<string, ScrapeTarget> DesiredTargets()
    {
        var desired = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        foreach (var endpoint in Endpoints)
        {
            foreach (var instance in endpoint.Instances)
            {
                var target = new ScrapeTarget(endpoint, instance, "static");
                desired[target.Key] = target;
            }

            if (watchers.TryGetValue(endpoint.Name, out var watcher))
            {
                foreach (var instance in watcher.Instances)
                {
                    var target = new ScrapeTarget(endpoint, instance, "file_sd");
                    desired.TryAdd(target.Key, target);
                }
            }
        }

        return desired;
    }

    private TimeSpan FirstDelay(ScrapeTarget target)
    {
        if (!options.SpreadScrapes)
        {
            return TimeSpan.Zero;
        }

        var intervalMs = (ulong)target.Endpoint.Interval.TotalMilliseconds;
        var hash = Model.Labels.FromPairs("key", target.Key).StableHash;
        return TimeSpan.FromMilliseconds(hash % intervalMs);
    }

    private Dictionary<string, int> CountTargets()
    {
        lock (loops)
        {
            return loops.Values.GroupBy(l => l.Target.Endpoint.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }
}

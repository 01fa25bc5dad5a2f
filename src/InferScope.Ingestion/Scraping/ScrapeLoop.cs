using System.Diagnostics;
using InferScope.Engines;
using InferScope.Exposition;
using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model;
using InferScope.Model.Storage;
using Microsoft.Extensions.Logging;

namespace InferScope.Ingestion.Scraping;

/// <summary>
/// Scrapes one target on its interval until stopped. The target may be swapped while the loop
/// runs, so a changed interval or flag takes effect at the next scrape without a gap.
/// </summary>
internal sealed partial class ScrapeLoop : IAsyncDisposable
{
    private readonly ScrapeServices services;
    private readonly Lock statusLock = new();
    private readonly CancellationTokenSource stop = new();
    private ScrapeTarget target;
    private CancellationTokenSource wake = new();
    private HashSet<Labels> previousSeries = [];
    private EngineKind? detectedEngine;
    private bool loggedProblems;
    private string health = "unknown";
    private string lastError = string.Empty;
    private DateTimeOffset? lastScrape;
    private TimeSpan lastDuration;
    private Task? running;

    public ScrapeLoop(ScrapeTarget target, ScrapeServices services)
    {
        this.target = target;
        this.services = services;
    }

    public ScrapeTarget Target => Volatile.Read(ref target);

    /// <summary>Starts scraping; the first scrape waits <paramref name="firstDelay"/>.</summary>
    public void Start(TimeSpan firstDelay, bool autoScrape)
    {
        var current = Target;
        IngestionLog.TargetStarted(services.Logger, current.Endpoint.Name, current.Url, current.Endpoint.Interval.TotalSeconds);
        if (autoScrape)
        {
            running = Task.Run(() => RunAsync(firstDelay, stop.Token));
        }
    }

    /// <summary>Swaps in a target with the same key and new settings; the running wait is recomputed.</summary>
    public void Update(ScrapeTarget updated)
    {
        Volatile.Write(ref target, updated);
        IngestionLog.TargetUpdated(
            services.Logger,
            updated.Endpoint.Name,
            updated.Url,
            updated.Endpoint.Interval.TotalSeconds,
            updated.Endpoint.EnableDetailedObservability);
        Interlocked.Exchange(ref wake, new CancellationTokenSource()).Cancel();
    }

    /// <summary>
    /// Stops the loop after a running scrape ends. With <paramref name="markStale"/> every series of
    /// the last scrape gets a staleness marker, as when a target disappears from discovery.
    /// </summary>
    public async Task StopAsync(bool markStale, CancellationToken cancellationToken)
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }

        if (markStale && previousSeries.Count > 0)
        {
            var timestamp = services.Time.GetUtcNow().ToUnixTimeMilliseconds();
            using var appender = services.Storage.CreateAppender();
            foreach (var series in previousSeries)
            {
                appender.Append(series, timestamp, StaleMarker.Value);
            }

            await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
            previousSeries = [];
        }

        var current = Target;
        IngestionLog.TargetStopped(services.Logger, current.Endpoint.Name, current.Url);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(markStale: false, CancellationToken.None).ConfigureAwait(false);
        stop.Dispose();
        wake.Dispose();
    }

    public ScrapeTargetStatus GetStatus()
    {
        var current = Target;
        lock (statusLock)
        {
            return new ScrapeTargetStatus
            {
                ScrapePool = current.Endpoint.Name,
                ScrapeUrl = current.Url,
                Labels = SeriesTargetLabels(current),
                DiscoveredLabels = current.DiscoveredLabels,
                Health = health,
                LastError = lastError,
                LastScrape = lastScrape,
                LastScrapeDuration = lastDuration,
                Interval = current.Endpoint.Interval,
                Timeout = current.Endpoint.EffectiveTimeout,
                Source = current.Source,
            };
        }
    }

    private async Task RunAsync(TimeSpan firstDelay, CancellationToken cancellationToken)
    {
        var firstDue = services.Time.GetUtcNow() + firstDelay;
        DateTimeOffset? lastStart = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            // The due time is recomputed after every wake-up, so an updated interval applies at once.
            var due = lastStart is { } last ? last + Target.Endpoint.Interval : firstDue;
            if (!await WaitUntilAsync(due, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            lastStart = services.Time.GetUtcNow();
            try
            {
                await ScrapeOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Waits for <paramref name="due"/>; returns false when stopped or woken by an update.</summary>
    private async Task<bool> WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        var delay = due - services.Time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        var wakeToken = Volatile.Read(ref wake).Token;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wakeToken);
        try
        {
            await Task.Delay(delay, services.Time, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs one scrape and stores its samples, report series and staleness markers.</summary>
    internal async Task ScrapeOnceAsync(CancellationToken cancellationToken)
    {
        var current = Target;
        var endpoint = current.Endpoint;
        var startedAt = services.Time.GetUtcNow();
        var timestamp = startedAt.ToUnixTimeMilliseconds();
        var stopwatch = Stopwatch.StartNew();
        var appender = services.Storage.CreateAppender();
        var batch = new ScrapeBatch(appender, services.Metrics);
        string? error = null;
        try
        {
            try
            {
                using var body = await services.Scraper
                    .FetchAsync(current.Url, endpoint.EffectiveTimeout, endpoint.BodySizeLimitBytes, cancellationToken)
                    .ConfigureAwait(false);
                var payload = services.Decoder.Decode(body.Span, body.ContentType);
                AppendPayload(current, payload, timestamp, batch);
            }
            catch (ScrapeFailedException e)
            {
                error = e.Message;
                services.Metrics.AddRejected(IngestionSource.Scrape, e.RejectReason ?? RejectReason.ParseError, e.RejectReason is null ? 0 : 1);
            }
            catch (FormatException e)
            {
                error = "invalid exposition: " + e.Message;
                services.Metrics.AddRejected(IngestionSource.Scrape, RejectReason.ParseError, 1);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A decoder or adapter bug must cost one scrape, not the loop.
                error = $"processing the payload failed: {e.GetType().Name}: {e.Message}";
            }

            if (error is not null && batch.Appended > 0)
            {
                // A limit broke after samples were appended: drop them all, as Prometheus does.
                appender.Rollback();
                appender.Dispose();
                appender = services.Storage.CreateAppender();
                batch = new ScrapeBatch(appender, services.Metrics) { Scraped = batch.Scraped };
            }

            var duration = stopwatch.Elapsed;
            AppendReport(current, batch, timestamp, duration, error is null);
            foreach (var series in previousSeries)
            {
                if (!batch.Series.Contains(series))
                {
                    appender.Append(series, timestamp, StaleMarker.Value);
                }
            }

            await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
            services.Metrics.AddIngested(IngestionSource.Scrape, batch.Stored);
            previousSeries = batch.Series;
            services.Metrics.RecordScrape(endpoint.Name, error is null, duration);
            RecordOutcome(current, startedAt, duration, error);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            appender.Rollback();
            IngestionLog.ScrapeCommitFailed(services.Logger, e, endpoint.Name, current.Url);
            services.Metrics.AddRejected(IngestionSource.Scrape, RejectReason.CommitFailed, batch.Appended);
            RecordOutcome(current, startedAt, stopwatch.Elapsed, "storing samples failed: " + e.Message);
        }
        finally
        {
            appender.Dispose();
        }
    }

    private void AppendPayload(ScrapeTarget current, ScrapePayload payload, long timestamp, ScrapeBatch batch)
    {
        var endpoint = current.Endpoint;
        var unified = Normalize(current, payload);
        var targetLabels = SeriesTargetLabels(current);
        foreach (var family in payload.Families)
        {
            batch.Scraped += family.Points.Count;
            if (endpoint.EnableDetailedObservability)
            {
                AppendFamily(family, targetLabels, endpoint, timestamp, batch);
            }
        }

        foreach (var family in unified)
        {
            if (endpoint.EnableDetailedObservability || BasicMetricSet.Contains(family.Name))
            {
                AppendFamily(family, targetLabels, endpoint, timestamp, batch);
            }
        }
    }

    private static void AppendFamily(
        MetricFamily family, Labels targetLabels, ScrapeEndpoint endpoint, long timestamp, ScrapeBatch batch)
    {
        batch.Appender.UpdateMetadata(family.Name, family.Metadata);
        foreach (var point in family.Points)
        {
            var labels = TargetLabelMerger.Merge(point.Labels, targetLabels, endpoint.HonorLabels);
            var time = endpoint.HonorTimestamps && point.TimestampMs is { } own ? own : timestamp;
            batch.Add(labels, time, point.Value);
            if (endpoint.SampleLimit > 0 && batch.Appended > endpoint.SampleLimit)
            {
                throw new ScrapeFailedException(
                    $"sample limit exceeded: the scrape has more than sample_limit of {endpoint.SampleLimit} samples; " +
                    "raise sample_limit or turn off detailed observability")
                {
                    RejectReason = RejectReason.SampleLimit,
                };
            }
        }
    }

    private IReadOnlyList<MetricFamily> Normalize(ScrapeTarget current, ScrapePayload payload)
    {
        var engine = current.ConfiguredEngine ?? detectedEngine;
        NormalizationResult result;
        try
        {
            result = services.Normalizer.Normalize(payload, engine);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            IngestionLog.NormalizationFailed(services.Logger, e, current.Endpoint.Name, current.Url);
            return [];
        }

        if (engine is null && result.Engine != EngineKind.Unknown)
        {
            detectedEngine = result.Engine;
            IngestionLog.EngineDetected(services.Logger, result.Engine.ToLabelValue(), current.Endpoint.Name, current.Url);
        }

        if (!loggedProblems)
        {
            loggedProblems = true;
            foreach (var problem in result.Problems)
            {
                IngestionLog.NormalizationProblem(services.Logger, current.Endpoint.Name, current.Url, ControlCharacters.Escape(problem));
            }
        }

        return result.Unified;
    }

    /// <summary>Returns the target labels, plus the detected <c>engine</c> when none was configured.</summary>
    private Labels SeriesTargetLabels(ScrapeTarget current)
    {
        if (current.ConfiguredEngine is not null || detectedEngine is not { } engine)
        {
            return current.Labels;
        }

        return current.Labels.ToBuilder().Set(TargetLabelNames.Engine, engine.ToLabelValue()).Build();
    }

    private void AppendReport(ScrapeTarget current, ScrapeBatch batch, long timestamp, TimeSpan duration, bool up)
    {
        var labels = SeriesTargetLabels(current);
        var postFilter = batch.Appended;
        var added = 0;
        foreach (var series in batch.Series)
        {
            if (!previousSeries.Contains(series))
            {
                added++;
            }
        }

        batch.Add(ReportLabels(labels, "up"), timestamp, up ? 1 : 0);
        batch.Add(ReportLabels(labels, "scrape_duration_seconds"), timestamp, duration.TotalSeconds);
        batch.Add(ReportLabels(labels, "scrape_samples_scraped"), timestamp, batch.Scraped);
        batch.Add(ReportLabels(labels, "scrape_samples_post_metric_relabeling"), timestamp, postFilter);
        batch.Add(ReportLabels(labels, "scrape_series_added"), timestamp, added);
    }

    private static Labels ReportLabels(Labels targetLabels, string name) =>
        targetLabels.ToBuilder().Set(LabelNames.MetricName, name).Build();

    private void RecordOutcome(ScrapeTarget current, DateTimeOffset startedAt, TimeSpan duration, string? error)
    {
        // An error may quote the payload, so its control characters are escaped before the log and the API see it.
        error = error is null ? null : ControlCharacters.Escape(error);
        string previousHealth;
        lock (statusLock)
        {
            previousHealth = health;
            health = error is null ? "up" : "down";
            lastError = error ?? string.Empty;
            lastScrape = startedAt;
            lastDuration = duration;
        }

        if (error is not null)
        {
            if (previousHealth == "down")
            {
                IngestionLog.ScrapeFailedAgain(services.Logger, current.Endpoint.Name, current.Url, error);
            }
            else
            {
                IngestionLog.ScrapeFailed(services.Logger, current.Endpoint.Name, current.Url, error);
            }
        }
        else if (previousHealth == "down")
        {
            IngestionLog.ScrapeRecovered(services.Logger, current.Endpoint.Name, current.Url);
        }
    }
}

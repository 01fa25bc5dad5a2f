using System.Collections.Concurrent;
using InferScope.Exposition;
using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Ingestion.SelfMetrics;

/// <summary>
/// Counters of everything the ingestion path accepted and rejected, for the server's own
/// <c>/metrics</c>. Thread-safe: scrape loops and push handlers update it concurrently.
/// </summary>
public sealed class IngestionMetrics
{
    private readonly ConcurrentDictionary<string, Counter> ingested = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Source, string Reason), Counter> rejected = new();
    private readonly ConcurrentDictionary<string, ScrapeCounters> scrapes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Protocol, int Status), Counter> pushes = new();

    /// <summary>A function that returns the number of active scrape targets per endpoint.</summary>
    public Func<IReadOnlyDictionary<string, int>>? TargetCounts { get; set; }

    /// <summary>Counts samples that storage accepted from a source (see <see cref="IngestionSource"/>).</summary>
    public void AddIngested(string source, long samples)
    {
        if (samples > 0)
        {
            ingested.GetOrAdd(source, static _ => new Counter()).Add(samples);
        }
    }

    /// <summary>Counts samples dropped for a reason (see <see cref="RejectReason"/>).</summary>
    public void AddRejected(string source, string reason, long samples)
    {
        if (samples > 0)
        {
            rejected.GetOrAdd((source, reason), static _ => new Counter()).Add(samples);
        }
    }

    /// <summary>Counts a sample that storage rejected with <paramref name="status"/>.</summary>
    public void AddRejected(string source, AppendStatus status) =>
        AddRejected(source, RejectReason.FromStatus(status), 1);

    /// <summary>Records one scrape of a target of <paramref name="endpoint"/>.</summary>
    public void RecordScrape(string endpoint, bool success, TimeSpan duration)
    {
        var counters = scrapes.GetOrAdd(endpoint, static _ => new ScrapeCounters());
        counters.Total.Add(1);
        if (!success)
        {
            counters.Failed.Add(1);
        }

        counters.DurationMicroseconds.Add((long)duration.TotalMicroseconds);
    }

    /// <summary>Records one push request and the HTTP status it got.</summary>
    public void RecordPush(string protocol, int statusCode) =>
        pushes.GetOrAdd((protocol, statusCode), static _ => new Counter()).Add(1);

    /// <summary>Returns the total accepted samples of a source, for tests and status pages.</summary>
    public long IngestedSamples(string source) => ingested.TryGetValue(source, out var c) ? c.Value : 0;

    /// <summary>Returns the total rejected samples of a source and reason.</summary>
    public long RejectedSamples(string source, string reason) =>
        rejected.TryGetValue((source, reason), out var c) ? c.Value : 0;

    /// <summary>
    /// Returns the current values as metric families, ready for an exposition writer. Timestamps are
    /// left unset so the scraper of <c>/metrics</c> applies its own.
    /// </summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        var families = new List<MetricFamily>();

        var ingestedFamily = new MetricFamily(
            "inferscope_ingest_samples", MetricType.Counter, "Samples accepted by storage, by ingestion source.");
        foreach (var (source, counter) in ingested.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            ingestedFamily.Points.Add(Point("inferscope_ingest_samples_total", counter.Value, "source", source));
        }

        families.Add(ingestedFamily);

        var rejectedFamily = new MetricFamily(
            "inferscope_ingest_rejected_samples",
            MetricType.Counter,
            "Samples dropped before or by storage, by ingestion source and reason.");
        foreach (var ((source, reason), counter) in rejected.OrderBy(p => p.Key.Source, StringComparer.Ordinal)
                     .ThenBy(p => p.Key.Reason, StringComparer.Ordinal))
        {
            rejectedFamily.Points.Add(
                Point("inferscope_ingest_rejected_samples_total", counter.Value, "reason", reason, "source", source));
        }

        families.Add(rejectedFamily);
        AddScrapeFamilies(families);

        var pushFamily = new MetricFamily(
            "inferscope_push_requests", MetricType.Counter, "Push requests received, by protocol and HTTP status.");
        foreach (var ((protocol, status), counter) in pushes.OrderBy(p => p.Key.Protocol, StringComparer.Ordinal)
                     .ThenBy(p => p.Key.Status))
        {
            pushFamily.Points.Add(Point(
                "inferscope_push_requests_total",
                counter.Value,
                "code",
                status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "protocol",
                protocol));
        }

        families.Add(pushFamily);

        var targets = TargetCounts?.Invoke();
        if (targets is not null)
        {
            var targetFamily = new MetricFamily(
                "inferscope_scrape_targets", MetricType.Gauge, "Active scrape targets, by endpoint.");
            foreach (var (endpoint, count) in targets.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                targetFamily.Points.Add(Point("inferscope_scrape_targets", count, "endpoint", endpoint));
            }

            families.Add(targetFamily);
        }

        return families;
    }

    private void AddScrapeFamilies(List<MetricFamily> families)
    {
        var total = new MetricFamily("inferscope_scrapes", MetricType.Counter, "Scrapes run, by endpoint.");
        var failed = new MetricFamily(
            "inferscope_scrape_failures", MetricType.Counter, "Scrapes that failed, by endpoint.");
        var duration = new MetricFamily(
            "inferscope_scrape_duration_seconds", MetricType.Counter, "Time spent scraping, by endpoint.");
        foreach (var (endpoint, counters) in scrapes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            total.Points.Add(Point("inferscope_scrapes_total", counters.Total.Value, "endpoint", endpoint));
            failed.Points.Add(Point("inferscope_scrape_failures_total", counters.Failed.Value, "endpoint", endpoint));
            duration.Points.Add(Point(
                "inferscope_scrape_duration_seconds_total",
                counters.DurationMicroseconds.Value / 1e6,
                "endpoint",
                endpoint));
        }

        families.Add(total);
        families.Add(failed);
        families.Add(duration);
    }

    private static MetricPoint Point(string name, double value, params string[] labelPairs)
    {
        var builder = new LabelsBuilder().Set(LabelNames.MetricName, name);
        for (var i = 0; i + 1 < labelPairs.Length; i += 2)
        {
            builder.Set(labelPairs[i], labelPairs[i + 1]);
        }

        return new MetricPoint(builder.Build(), value);
    }

    private sealed class Counter
    {
        private long value;

        public long Value => Interlocked.Read(ref value);

        public void Add(long delta) => Interlocked.Add(ref value, delta);
    }

    private sealed class ScrapeCounters
    {
        public Counter Total { get; } = new();

        public Counter Failed { get; } = new();

        public Counter DurationMicroseconds { get; } = new();
    }
}

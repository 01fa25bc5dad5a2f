using InferScope.Model;

namespace InferScope.Ingestion.Scraping;

/// <summary>
/// A target's state for <c>/api/v1/targets</c>: its labels and the outcome of its last scrape.
/// </summary>
public sealed record ScrapeTargetStatus
{
    /// <summary>The endpoint name, shown by Prometheus as the scrape pool.</summary>
    public required string ScrapePool { get; init; }

    public required Uri ScrapeUrl { get; init; }

    /// <summary>The labels attached to the target's series, including a detected <c>engine</c>.</summary>
    public required Labels Labels { get; init; }

    /// <summary>The labels before relabeling, with <c>__address__</c>, <c>__scheme__</c> and <c>__metrics_path__</c>.</summary>
    public required Labels DiscoveredLabels { get; init; }

    /// <summary><c>up</c>, <c>down</c> or <c>unknown</c> (not scraped yet), as Prometheus reports it.</summary>
    public required string Health { get; init; }

    /// <summary>The last scrape's error, or the empty string after a success.</summary>
    public required string LastError { get; init; }

    /// <summary>The start of the last scrape, or null before the first.</summary>
    public DateTimeOffset? LastScrape { get; init; }

    public TimeSpan LastScrapeDuration { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary><c>static</c> for a configured instance, <c>file_sd</c> for a discovered one.</summary>
    public required string Source { get; init; }
}

using InferScope.Model;

namespace InferScope.Server.Targets;

/// <summary>One scrape target as <c>/api/v1/targets</c> lists it.</summary>
/// <param name="DiscoveredLabels">The labels before relabelling (address, metrics path, scheme, job).</param>
/// <param name="Labels">The labels attached to every series of the target.</param>
/// <param name="ScrapePool">The endpoint name.</param>
/// <param name="ScrapeUrl">The URL scraped.</param>
/// <param name="LastError">The error of the last scrape, or the empty string.</param>
/// <param name="LastScrape">When the last scrape started, or null before the first.</param>
/// <param name="LastScrapeDuration">The last scrape's duration.</param>
/// <param name="Health"><c>up</c>, <c>down</c> or <c>unknown</c>.</param>
/// <param name="ScrapeInterval">The interval between scrapes.</param>
/// <param name="ScrapeTimeout">The scrape timeout.</param>
public sealed record TargetStatus(
    Labels DiscoveredLabels,
    Labels Labels,
    string ScrapePool,
    string ScrapeUrl,
    string LastError,
    DateTimeOffset? LastScrape,
    TimeSpan LastScrapeDuration,
    string Health,
    TimeSpan ScrapeInterval,
    TimeSpan ScrapeTimeout);

namespace InferScope.Ingestion.Scraping;

/// <summary>Settings of the scrape manager that do not come from the endpoint configuration.</summary>
public sealed record ScrapeManagerOptions
{
    /// <summary>
    /// Whether a new target's first scrape is delayed by a stable offset within its interval, so
    /// many targets do not all scrape at once (as in Prometheus). Default true.
    /// </summary>
    public bool SpreadScrapes { get; init; } = true;

    /// <summary>The clock, replaceable in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether loops scrape on their own; tests turn it off to scrape by hand.</summary>
    internal bool AutoScrape { get; init; } = true;
}

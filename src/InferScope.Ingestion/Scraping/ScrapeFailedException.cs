namespace InferScope.Ingestion.Scraping;

/// <summary>A scrape that failed: the target was unreachable, returned an error, or broke a limit.</summary>
public sealed class ScrapeFailedException : Exception
{
    public ScrapeFailedException()
    {
    }

    public ScrapeFailedException(string message)
        : base(message)
    {
    }

    public ScrapeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The self-metrics reject reason when the failure dropped samples, such as <c>sample_limit</c>.</summary>
    public string? RejectReason { get; init; }
}

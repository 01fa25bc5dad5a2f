namespace InferScope.Ingestion.Scraping;

/// <summary>
/// A scrape configuration that was rejected; the running configuration stays in force.
/// <see cref="Errors"/> names each bad field by its path, such as <c>endpoints[1].sample_limit</c>.
/// </summary>
public sealed class ScrapeConfigurationException : Exception
{
    public ScrapeConfigurationException()
        : this([])
    {
    }

    public ScrapeConfigurationException(string message)
        : this([message])
    {
    }

    public ScrapeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public ScrapeConfigurationException(IReadOnlyList<string> errors)
        : base("Invalid scrape configuration: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}

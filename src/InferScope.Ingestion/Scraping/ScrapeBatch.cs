using InferScope.Ingestion.SelfMetrics;
using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Ingestion.Scraping;

/// <summary>The samples of one scrape on their way into an appender, with the counts the report needs.</summary>
internal sealed class ScrapeBatch
{
    private readonly IngestionMetrics metrics;

    public ScrapeBatch(IAppender appender, IngestionMetrics metrics)
    {
        Appender = appender;
        this.metrics = metrics;
    }

    public IAppender Appender { get; }

    /// <summary>The series appended so far, for staleness tracking and <c>scrape_series_added</c>.</summary>
    public HashSet<Labels> Series { get; } = [];

    /// <summary>Samples in the payload before filtering.</summary>
    public int Scraped { get; set; }

    /// <summary>Samples handed to the appender, whatever storage returned.</summary>
    public int Appended { get; private set; }

    /// <summary>Samples storage accepted.</summary>
    public int Stored { get; private set; }

    public void Add(Labels labels, long timestampMs, double value)
    {
        Appended++;
        Series.Add(labels);
        var status = Appender.Append(labels, timestampMs, value);
        if (status == AppendStatus.Ok)
        {
            Stored++;
        }
        else
        {
            metrics.AddRejected(IngestionSource.Scrape, status);
        }
    }
}

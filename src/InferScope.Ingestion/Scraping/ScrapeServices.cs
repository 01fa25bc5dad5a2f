using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model.Storage;
using Microsoft.Extensions.Logging;

namespace InferScope.Ingestion.Scraping;

/// <summary>The collaborators every scrape loop shares.</summary>
internal sealed record ScrapeServices(
    IAppendable Storage,
    IPayloadDecoder Decoder,
    IPayloadNormalizer Normalizer,
    TargetScraper Scraper,
    IngestionMetrics Metrics,
    TimeProvider Time,
    ILogger Logger);

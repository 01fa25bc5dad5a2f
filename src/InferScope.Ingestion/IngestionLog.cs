using Microsoft.Extensions.Logging;

namespace InferScope.Ingestion;

/// <summary>The structured log messages of the ingestion path.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Started scraping {Endpoint} target {Url} every {IntervalSeconds}s")]
    public static partial void TargetStarted(ILogger logger, string endpoint, Uri url, double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped scraping {Endpoint} target {Url}")]
    public static partial void TargetStopped(ILogger logger, string endpoint, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated {Endpoint} target {Url}: interval {IntervalSeconds}s, detailed observability {Detailed}")]
    public static partial void TargetUpdated(ILogger logger, string endpoint, Uri url, double intervalSeconds, bool detailed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scrape of {Endpoint} target {Url} failed: {Error}")]
    public static partial void ScrapeFailed(ILogger logger, string endpoint, Uri url, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scrape of {Endpoint} target {Url} failed again: {Error}")]
    public static partial void ScrapeFailedAgain(ILogger logger, string endpoint, Uri url, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scrape of {Endpoint} target {Url} succeeded again after failures")]
    public static partial void ScrapeRecovered(ILogger logger, string endpoint, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detected engine {Engine} behind {Endpoint} target {Url}")]
    public static partial void EngineDetected(ILogger logger, string engine, string endpoint, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Normalizing the payload of {Endpoint} target {Url} failed; raw series are stored without unified ones")]
    public static partial void NormalizationFailed(ILogger logger, Exception exception, string endpoint, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payload of {Endpoint} target {Url}: {Problem}")]
    public static partial void NormalizationProblem(ILogger logger, string endpoint, Uri url, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing the scrape of {Endpoint} target {Url} failed; its samples are lost")]
    public static partial void ScrapeCommitFailed(ILogger logger, Exception exception, string endpoint, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied scrape configuration in {ElapsedMs} ms: {Added} targets added, {Removed} removed, {Updated} updated, {Unchanged} unchanged")]
    public static partial void ConfigurationApplied(ILogger logger, long elapsedMs, int added, int removed, int updated, int unchanged);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading discovery file {File} failed; its previous targets are kept")]
    public static partial void FileSdReadFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery file {File} lists {Count} targets")]
    public static partial void FileSdRead(ILogger logger, string file, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Protocol} push: {Reason}")]
    public static partial void PushRejected(ILogger logger, string protocol, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a {Protocol} push failed")]
    public static partial void PushCommitFailed(ILogger logger, Exception exception, string protocol);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote write to {Url} failed on attempt {Attempt}, retrying in {DelayMs} ms: {Error}")]
    public static partial void RemoteWriteRetry(ILogger logger, Uri url, int attempt, long delayMs, string error);
}

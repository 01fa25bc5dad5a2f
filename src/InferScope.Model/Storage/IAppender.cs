using InferScope.Model;

namespace InferScope.Model.Storage;

/// <summary>
/// A batch of samples that becomes visible and durable at once. Not thread-safe: each scrape or
/// push takes its own appender. Samples are acknowledged to a client only after
/// <see cref="CommitAsync"/> completes, because only then does the write-ahead log hold them.
/// </summary>
public interface IAppender : IDisposable
{
    AppendStatus Append(Labels labels, long timestampMs, double value);

    /// <summary>Records a family's metadata; stores that keep no metadata ignore it.</summary>
    void UpdateMetadata(string metricFamilyName, MetricMetadata metadata);

    ValueTask CommitAsync(CancellationToken cancellationToken = default);

    void Rollback();
}

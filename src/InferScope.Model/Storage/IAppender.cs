using InferScope.Model.Histograms;

namespace InferScope.Model.Storage;

/// <summary>
/// A batch of samples that becomes visible and durable at once. Not thread-safe: each scrape or
/// push takes its own appender. Samples are acknowledged to a client only after
/// <see cref="CommitAsync"/> completes, because only then does the write-ahead log hold them.
/// </summary>
public interface IAppender : IDisposable
{
    AppendStatus Append(Labels labels, long timestampMs, double value);

    /// <summary>
    /// Appends a native histogram sample. A series may switch between float and histogram samples;
    /// the order checks are the same as for floats.
    /// </summary>
    /// <exception cref="NotSupportedException">The store keeps only float samples.</exception>
    AppendStatus AppendHistogram(Labels labels, long timestampMs, FloatHistogram histogram) =>
        throw new NotSupportedException($"This store keeps only float samples; the native histogram sample of {labels} at {timestampMs} ms was not appended.");

    /// <summary>Records a family's metadata; stores that keep no metadata ignore it.</summary>
    void UpdateMetadata(string metricFamilyName, MetricMetadata metadata);

    ValueTask CommitAsync(CancellationToken cancellationToken = default);

    void Rollback();
}

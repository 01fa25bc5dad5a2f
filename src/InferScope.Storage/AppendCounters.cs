using InferScope.Model.Storage;

namespace InferScope.Storage;

/// <summary>Counts of samples appended and rejected since the store opened, by reason; safe to read at any time.</summary>
public sealed class AppendCounters
{
    private readonly long[] counts = new long[Enum.GetValues<AppendStatus>().Length];
    private long samplesCommitted;
    private long seriesCreated;
    private long seriesRemoved;

    public long SamplesCommitted => Interlocked.Read(ref samplesCommitted);

    public long SeriesCreated => Interlocked.Read(ref seriesCreated);

    public long SeriesRemoved => Interlocked.Read(ref seriesRemoved);

    /// <summary>Returns how many samples were rejected with this status.</summary>
    public long Rejected(AppendStatus status) => Interlocked.Read(ref counts[(int)status]);

    internal void AddRejected(AppendStatus status) => Interlocked.Increment(ref counts[(int)status]);

    internal void AddCommitted(long samples) => Interlocked.Add(ref samplesCommitted, samples);

    internal void AddSeriesCreated() => Interlocked.Increment(ref seriesCreated);

    internal void AddSeriesRemoved(long series) => Interlocked.Add(ref seriesRemoved, series);
}

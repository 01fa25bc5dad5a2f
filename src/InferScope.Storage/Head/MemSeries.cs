using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Head;

/// <summary>
/// One series in the head: its label set, sealed chunks and the open chunk being written. Every
/// field below <see cref="Sync"/> is guarded by it.
/// </summary>
internal sealed class MemSeries
{
    private readonly List<ChunkSnapshot> sealedChunks = [];
    private XorChunkWriter? open;
    private FloatHistogramChunkWriter? openHistograms;

    public MemSeries(ulong reference, Labels labels)
    {
        Ref = reference;
        Labels = labels;
    }

    public ulong Ref { get; }

    public Labels Labels { get; }

    public Lock Sync { get; } = new();

    /// <summary>The timestamp of the newest committed sample, or <see cref="long.MinValue"/>.</summary>
    public long LastTimestamp { get; private set; } = long.MinValue;

    public ulong LastValueBits { get; private set; }

    /// <summary>The newest committed sample when it is a native histogram, else null.</summary>
    public FloatHistogram? LastHistogram { get; private set; }

    /// <summary>The appender that has uncommitted samples for this series, and the newest of them.</summary>
    public object? PendingOwner { get; set; }

    public long PendingMaxTimestamp { get; set; } = long.MinValue;

    /// <summary>The next series with the same label hash; guarded by the hash stripe's lock.</summary>
    public MemSeries? NextWithSameHash { get; set; }

    public int ChunkCount => sealedChunks.Count + (open is { Count: > 0 } || openHistograms is { Count: > 0 } ? 1 : 0);

    /// <summary>Bytes held by chunk data, an input to the memory-per-series self-metric.</summary>
    public long ChunkBytes { get; private set; }

    /// <summary>The bytes allocated for the open chunk beyond those it uses; callers hold <see cref="Sync"/>.</summary>
    public long OpenChunkSlack => open is null ? 0 : open.Bits.Buffer.Length - open.Bits.ByteLength;

    public long MinTime => sealedChunks.Count > 0 ? sealedChunks[0].MinTime
        : open is { Count: > 0 } ? open.MinTime
        : openHistograms is { Count: > 0 } ? openHistograms.MinTime
        : long.MaxValue;

    /// <summary>
    /// Appends one sample that has passed the order checks. Cuts a new chunk after
    /// <paramref name="samplesPerChunk"/> samples or when the sample crosses into the next block
    /// range, so no chunk spans two blocks. Returns false for an out-of-order or duplicate sample.
    /// </summary>
    public bool AppendLocked(long timestamp, double value, int samplesPerChunk, long blockRange)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        if (timestamp <= LastTimestamp)
        {
            return false;
        }

        SealOpenHistogramChunk();
        if (open is not null && (open.Count >= samplesPerChunk || RangeStart(open.MinTime, blockRange) != RangeStart(timestamp, blockRange)))
        {
            SealOpenChunk();
        }

        open ??= new XorChunkWriter();
        var before = open.Bits.ByteLength;
        open.Append(timestamp, value);
        ChunkBytes += open.Bits.ByteLength - before;
        LastTimestamp = timestamp;
        LastValueBits = bits;
        LastHistogram = null;
        return true;
    }

    /// <summary>
    /// Appends one native histogram sample that has passed the order checks. A switch between
    /// floats and histograms cuts a new chunk, because each chunk contains one kind of sample.
    /// </summary>
    public bool AppendHistogramLocked(long timestamp, FloatHistogram histogram, int samplesPerChunk, long blockRange)
    {
        if (timestamp <= LastTimestamp)
        {
            return false;
        }

        SealOpenChunk();
        var previous = openHistograms is { Count: > 0 } ? LastHistogram : null;
        var hint = StoredHint(histogram, previous);
        if (openHistograms is not null
            && (openHistograms.Count >= samplesPerChunk || RangeStart(openHistograms.MinTime, blockRange) != RangeStart(timestamp, blockRange)
                || hint == CounterResetHint.CounterReset || (hint == CounterResetHint.Gauge) != (previous?.CounterResetHint == CounterResetHint.Gauge)))
        {
            SealOpenHistogramChunk();

            // The first sample of a new chunk reads back as the writer stated it. Prometheus 3.x
            // loses a detected reset there as well, and readers find it again by comparing counts.
            if (hint != CounterResetHint.Gauge)
            {
                hint = histogram.CounterResetHint;
            }
        }

        if (hint != histogram.CounterResetHint)
        {
            histogram = HistogramHint.Replace(histogram, hint);
        }

        openHistograms ??= new FloatHistogramChunkWriter();
        var before = openHistograms.ByteLength;
        openHistograms.Append(timestamp, histogram);
        ChunkBytes += openHistograms.ByteLength - before;
        LastTimestamp = timestamp;
        LastValueBits = 0;
        LastHistogram = histogram;
        return true;
    }

    /// <summary>Returns views of the chunks that overlap [minTime, maxTime].</summary>
    public ChunkSnapshot[] SnapshotLocked(long minTime, long maxTime)
    {
        var result = new List<ChunkSnapshot>(sealedChunks.Count + 1);
        foreach (var chunk in sealedChunks)
        {
            if (chunk.MaxTime >= minTime && chunk.MinTime <= maxTime)
            {
                result.Add(chunk);
            }
        }

        if (open is { Count: > 0 } && open.MaxTime >= minTime && open.MinTime <= maxTime)
        {
            result.Add(new ChunkSnapshot(open.Bits.Buffer, open.Count, open.MinTime, open.MaxTime));
        }

        if (openHistograms is { Count: > 0 } && openHistograms.MaxTime >= minTime && openHistograms.MinTime <= maxTime)
        {
            result.Add(openHistograms.Snapshot());
        }

        return [.. result];
    }

    /// <summary>Seals the open chunk and returns every chunk that ends before <paramref name="maxTimeExclusive"/>.</summary>
    public List<ChunkSnapshot> ChunksBeforeLocked(long minTime, long maxTimeExclusive)
    {
        if (open is { Count: > 0 } && open.MaxTime < maxTimeExclusive)
        {
            SealOpenChunk();
        }

        if (openHistograms is { Count: > 0 } && openHistograms.MaxTime < maxTimeExclusive)
        {
            SealOpenHistogramChunk();
        }

        var result = new List<ChunkSnapshot>();
        foreach (var chunk in sealedChunks)
        {
            if (chunk.MinTime >= minTime && chunk.MaxTime < maxTimeExclusive)
            {
                result.Add(chunk);
            }
        }

        return result;
    }

    /// <summary>Drops chunks whose samples all lie before <paramref name="minTime"/>; returns true when none remain.</summary>
    public bool TruncateLocked(long minTime)
    {
        if (open is { Count: > 0 } && open.MaxTime < minTime)
        {
            SealOpenChunk();
        }

        if (openHistograms is { Count: > 0 } && openHistograms.MaxTime < minTime)
        {
            SealOpenHistogramChunk();
        }

        var removed = 0;
        while (removed < sealedChunks.Count && sealedChunks[removed].MaxTime < minTime)
        {
            ChunkBytes -= sealedChunks[removed].Data.Length;
            removed++;
        }

        sealedChunks.RemoveRange(0, removed);
        return sealedChunks.Count == 0 && open is null && openHistograms is null && PendingOwner is null;
    }

    private void SealOpenChunk()
    {
        if (open is null)
        {
            return;
        }

        var data = open.ToArray();
        ChunkBytes += data.Length - open.Bits.ByteLength;
        sealedChunks.Add(new ChunkSnapshot(data, open.Count, open.MinTime, open.MaxTime));
        open = null;
    }

    /// <summary>
    /// Returns the hint a histogram is stored with, as Prometheus's chunks record it. Gauges stay
    /// gauges. A counter sample that follows another in the open chunk is marked as a reset or as
    /// no reset by comparing the two. The first counter sample of a chunk keeps its own hint.
    /// </summary>
    private static CounterResetHint StoredHint(FloatHistogram histogram, FloatHistogram? previous)
    {
        if (histogram.CounterResetHint == CounterResetHint.Gauge)
        {
            return CounterResetHint.Gauge;
        }

        if (previous is null || previous.CounterResetHint == CounterResetHint.Gauge)
        {
            return histogram.CounterResetHint;
        }

        return histogram.DetectReset(previous) ? CounterResetHint.CounterReset : CounterResetHint.NotCounterReset;
    }

    private void SealOpenHistogramChunk()
    {
        if (openHistograms is null)
        {
            return;
        }

        var chunk = openHistograms.Seal();
        ChunkBytes += chunk.Data.Length - openHistograms.ByteLength;
        sealedChunks.Add(chunk);
        openHistograms = null;
    }

    private static long RangeStart(long timestamp, long blockRange) =>
        timestamp - (((timestamp % blockRange) + blockRange) % blockRange);
}

using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Querying;

/// <summary>A selected series whose chunks may come from several blocks and the head.</summary>
internal sealed class StoredSeries : ISeries
{
    private readonly ChunkSnapshot[] chunks;
    private readonly long minTime;
    private readonly long maxTime;

    public StoredSeries(Labels labels, ChunkSnapshot[] chunks, long minTime, long maxTime)
    {
        Labels = labels;
        this.chunks = chunks;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    public Labels Labels { get; }

    public ISampleIterator CreateIterator() => new ChunksIterator(chunks, minTime, maxTime);

    /// <summary>
    /// Copies whole decoded chunks into the batch when the chunks contain floats and do not overlap.
    /// That is the common case. Other series are merged sample by sample through the iterator.
    /// </summary>
    public void ReadSamples(long minTimestampMs, long maxTimestampMs, SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var from = Math.Max(minTimestampMs, minTime);
        var to = Math.Min(maxTimestampMs, maxTime);
        if (from > to)
        {
            return;
        }

        if (!FloatsInOrder())
        {
            batch.AddFrom(CreateIterator(), from, to);
            return;
        }

        var expected = 0;
        foreach (var chunk in chunks)
        {
            if (chunk.MaxTime >= from && chunk.MinTime <= to)
            {
                expected += chunk.Count;
            }
        }

        batch.EnsureCapacity(batch.Count + expected);
        foreach (var chunk in chunks)
        {
            if (chunk.MaxTime < from)
            {
                continue;
            }

            if (chunk.MinTime > to)
            {
                break;
            }

            var decoded = chunk.Decode();
            var timestamps = decoded.Timestamps.AsSpan();
            var first = chunk.MinTime >= from ? 0 : FirstAtOrAfter(timestamps, from);
            var end = chunk.MaxTime <= to ? timestamps.Length : FirstAtOrAfter(timestamps, to + 1);
            if (end > first)
            {
                batch.AddRange(timestamps[first..end], decoded.Values.AsSpan(first, end - first));
            }
        }
    }

    private static int FirstAtOrAfter(ReadOnlySpan<long> timestamps, long timestamp)
    {
        var index = timestamps.BinarySearch(timestamp);
        return index >= 0 ? index : ~index;
    }

    private bool FloatsInOrder()
    {
        for (var i = 0; i < chunks.Length; i++)
        {
            if (!chunks[i].HoldsFloats || (i > 0 && chunks[i].MinTime <= chunks[i - 1].MaxTime))
            {
                return false;
            }
        }

        return true;
    }
}

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

            // A chunk another read decoded, such as the base of a histogram bucket, is copied. Any
            // other chunk is decoded straight into the batch and stays out of the cache, so it does
            // not push out the bases that the next buckets need.
            if (chunk.TryGetDecoded(out var decoded))
            {
                var cached = decoded.Timestamps.AsSpan();
                var first = chunk.MinTime >= from ? 0 : FirstAtOrAfter(cached, from);
                var end = chunk.MaxTime <= to ? cached.Length : FirstAtOrAfter(cached, to + 1);
                if (end > first)
                {
                    batch.AddRange(cached[first..end], decoded.Values.AsSpan(first, end - first));
                }

                continue;
            }

            batch.Reserve(chunk.Count, out var timestamps, out var values);
            DecodedChunk.DecodeInto(chunk, timestamps, values);
            var start = chunk.MinTime >= from ? 0 : FirstAtOrAfter(timestamps, from);
            var stop = chunk.MaxTime <= to ? timestamps.Length : FirstAtOrAfter(timestamps, to + 1);
            batch.Keep(start, Math.Max(0, stop - start));
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

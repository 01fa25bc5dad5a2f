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
        DecodedChunkRing? ring = null;
        try
        {
            ReadChunks(from, to, batch, ref ring);
        }
        finally
        {
            if (ring is not null)
            {
                DecodedChunkRing.Return(ring);
            }
        }
    }

    private void ReadChunks(long from, long to, SampleBatch batch, ref DecodedChunkRing? ring)
    {
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

            // A difference chunk needs its chain of bases decoded, and the next buckets read need this
            // chunk as their base, so it is decoded into a ring of reused arrays and copied from there.
            // So is a chunk the ring contains already. Any other chunk is decoded straight into the batch.
            if (ring is null)
            {
                ring = DecodedChunkRing.Rent();
                ring.BeginSeries(HistogramKey(Labels));
            }

            if (chunk.Encoding == ChunkEncoding.PackedDifference || ring.TryGet(chunk, out _, out _))
            {
                ring.Decode(chunk, out var decodedTimestamps, out var decodedValues);
                var first = chunk.MinTime >= from ? 0 : FirstAtOrAfter(decodedTimestamps, from);
                var end = chunk.MaxTime <= to ? decodedTimestamps.Length : FirstAtOrAfter(decodedTimestamps, to + 1);
                if (end > first)
                {
                    batch.AddRange(decodedTimestamps[first..end], decodedValues[first..end]);
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

    /// <summary>Hashes the labels other than <c>le</c>, which are the same for every bucket of one histogram.</summary>
    private static int HistogramKey(Labels labels)
    {
        var hash = default(HashCode);
        foreach (var label in labels)
        {
            if (label.Name != LabelNames.BucketBound)
            {
                hash.Add(label.Name);
                hash.Add(label.Value);
            }
        }

        return hash.ToHashCode();
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

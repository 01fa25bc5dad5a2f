using InferScope.Model.Histograms;
using InferScope.Model.Storage;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Querying;

/// <summary>
/// Iterates the samples of chunks ordered by their first timestamp, within [minTime, maxTime].
/// A chunk that overlaps no other is decoded as it is read. Overlapping chunks come from a
/// backfill, or from a block and the head right after a cut. They are decoded together and merged
/// by timestamp, and for a timestamp present in several, the chunk listed first wins.
/// </summary>
internal sealed class ChunksIterator : ISampleIterator
{
    private readonly ChunkSnapshot[] chunks;
    private readonly long maxTime;
    private long minTime;
    private int nextChunk;
    private ChunkDecoder reader;
    private bool hasReader;
    private List<(long Timestamp, double Value, FloatHistogram? Histogram)>? merged;
    private int mergedIndex;
    private bool hasCurrent;
    private long lastTimestamp = long.MinValue;

    public ChunksIterator(ChunkSnapshot[] chunks, long minTime, long maxTime)
    {
        this.chunks = chunks;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    public long Timestamp { get; private set; }

    public double Value { get; private set; }

    public FloatHistogram? Histogram { get; private set; }

    public SampleKind Kind => Histogram is null ? SampleKind.Float : SampleKind.Histogram;

    public bool MoveNext()
    {
        while (true)
        {
            if (!hasReader && merged is null && !NextGroup())
            {
                hasCurrent = false;
                return false;
            }

            long timestamp;
            double value;
            FloatHistogram? histogram;
            if (merged is not null)
            {
                if (mergedIndex >= merged.Count)
                {
                    merged = null;
                    continue;
                }

                (timestamp, value, histogram) = merged[mergedIndex++];
            }
            else if (reader.MoveNext())
            {
                timestamp = reader.Timestamp;
                value = reader.Value;
                histogram = reader.Histogram;
            }
            else
            {
                hasReader = false;
                continue;
            }

            if (timestamp < minTime || timestamp <= lastTimestamp)
            {
                continue;
            }

            if (timestamp > maxTime)
            {
                hasReader = false;
                merged = null;
                continue;
            }

            Timestamp = timestamp;
            Value = value;
            Histogram = histogram;
            lastTimestamp = timestamp;
            hasCurrent = true;
            return true;
        }
    }

    public bool Seek(long timestampMs)
    {
        if (hasCurrent && Timestamp >= timestampMs)
        {
            return true;
        }

        minTime = Math.Max(minTime, timestampMs);
        return MoveNext();
    }

    /// <summary>Starts the next chunk, or the next run of overlapping chunks, that can hold wanted samples.</summary>
    private bool NextGroup()
    {
        while (nextChunk < chunks.Length)
        {
            var first = chunks[nextChunk];
            var end = nextChunk + 1;
            var groupMax = first.MaxTime;
            while (end < chunks.Length && chunks[end].MinTime <= groupMax)
            {
                groupMax = Math.Max(groupMax, chunks[end].MaxTime);
                end++;
            }

            var start = nextChunk;
            nextChunk = end;
            if (groupMax < minTime || groupMax <= lastTimestamp || first.MinTime > maxTime)
            {
                continue;
            }

            if (end - start == 1)
            {
                reader = new ChunkDecoder(first);
                hasReader = true;
                return true;
            }

            merged = Merge(start, end);
            mergedIndex = 0;
            return true;
        }

        return false;
    }

    private List<(long Timestamp, double Value, FloatHistogram? Histogram)> Merge(int start, int end)
    {
        var samples = new List<(long Timestamp, double Value, FloatHistogram? Histogram, int Order)>();
        for (var i = start; i < end; i++)
        {
            var chunkReader = new ChunkDecoder(chunks[i]);
            while (chunkReader.MoveNext())
            {
                samples.Add((chunkReader.Timestamp, chunkReader.Value, chunkReader.Histogram, i));
            }
        }

        samples.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Order.CompareTo(b.Order));
        var result = new List<(long, double, FloatHistogram?)>(samples.Count);
        foreach (var (timestamp, value, histogram, _) in samples)
        {
            if (result.Count == 0 || result[^1].Item1 != timestamp)
            {
                result.Add((timestamp, value, histogram));
            }
        }

        return result;
    }
}

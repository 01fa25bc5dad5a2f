using InferScope.Model.Storage;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Querying;

/// <summary>
/// Iterates the samples of chunks ordered by their first timestamp, within [minTime, maxTime].
/// When chunks overlap, as a block and the head do for a moment after a block is cut, a sample
/// at or before the last one returned is skipped, so each timestamp is returned once.
/// </summary>
internal sealed class ChunksIterator : ISampleIterator
{
    private readonly ChunkSnapshot[] chunks;
    private readonly long maxTime;
    private long minTime;
    private int chunkIndex = -1;
    private XorChunkReader reader;
    private bool hasReader;
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

    public bool MoveNext()
    {
        while (true)
        {
            if (!hasReader && !NextChunk())
            {
                hasCurrent = false;
                return false;
            }

            if (!reader.MoveNext())
            {
                hasReader = false;
                continue;
            }

            var timestamp = reader.Timestamp;
            if (timestamp < minTime || timestamp <= lastTimestamp)
            {
                continue;
            }

            if (timestamp > maxTime)
            {
                hasReader = false;
                continue;
            }

            Timestamp = timestamp;
            Value = reader.Value;
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

    private bool NextChunk()
    {
        while (++chunkIndex < chunks.Length)
        {
            var chunk = chunks[chunkIndex];
            if (chunk.MaxTime < minTime || chunk.MaxTime <= lastTimestamp || chunk.MinTime > maxTime)
            {
                continue;
            }

            reader = new XorChunkReader(chunk.Data, chunk.Count);
            hasReader = true;
            return true;
        }

        return false;
    }
}

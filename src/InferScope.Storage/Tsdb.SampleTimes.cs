using InferScope.Storage.Blocks;

namespace InferScope.Storage;

/// <summary>The time of the newest stored sample.</summary>
public sealed partial class Tsdb
{
    /// <summary>
    /// Returns the timestamp of the newest sample in the head or any block, in Unix milliseconds,
    /// or null when the store is empty. Block metadata holds the block's time range rather than its
    /// sample times, so blocks are read from their chunk ranges, newest block first.
    /// </summary>
    public long? NewestSampleTime()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var newest = head.MaxTime == long.MinValue ? (long?)null : head.MaxTime;
        foreach (var block in Volatile.Read(ref blocks).OrderByDescending(b => b.Meta.MaxTime))
        {
            // Block ranges are [MinTime, MaxTime), so a block ending at or before the newest sample holds nothing newer.
            if (newest is { } known && block.Meta.MaxTime <= known)
            {
                break;
            }

            if (!block.TryAcquire())
            {
                continue;
            }

            try
            {
                newest = Max(newest, NewestInBlock(block));
            }
            finally
            {
                block.Release();
            }
        }

        return newest;
    }

    private static long? NewestInBlock(BlockReader block)
    {
        long? newest = null;
        for (var id = 0; id < block.SeriesCount; id++)
        {
            foreach (var chunk in block.ReadSeries(id, long.MinValue, long.MaxValue).Chunks)
            {
                newest = Max(newest, chunk.MaxTime);
            }
        }

        return newest;
    }

    private static long? Max(long? a, long? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        return Math.Max(a.Value, b.Value);
    }
}

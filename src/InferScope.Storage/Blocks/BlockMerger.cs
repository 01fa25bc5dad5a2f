using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Storage.Chunks;
using InferScope.Storage.Querying;

namespace InferScope.Storage.Blocks;

/// <summary>Combines the series of several blocks for compaction, re-encoding only series whose chunks overlap in time.</summary>
internal static class BlockMerger
{
    public static List<BlockSeries> Merge(IReadOnlyList<BlockReader> sources, int samplesPerChunk)
    {
        var positions = new int[sources.Count];
        var current = new (Labels Labels, ChunkSnapshot[] Chunks)?[sources.Count];
        var cache = new DecodedChunkCache();
        for (var i = 0; i < sources.Count; i++)
        {
            current[i] = Read(sources[i], 0, cache);
        }

        var result = new List<BlockSeries>();
        while (true)
        {
            Labels? smallest = null;
            foreach (var entry in current)
            {
                if (entry is { } e && (smallest is null || Labels.Compare(e.Labels, smallest) < 0))
                {
                    smallest = e.Labels;
                }
            }

            if (smallest is null)
            {
                return result;
            }

            var chunks = new List<ChunkSnapshot>();
            for (var i = 0; i < sources.Count; i++)
            {
                if (current[i] is { } e && e.Labels.Equals(smallest))
                {
                    chunks.AddRange(e.Chunks);
                    positions[i]++;
                    current[i] = Read(sources[i], positions[i], cache);
                }
            }

            chunks.Sort(static (a, b) => a.MinTime.CompareTo(b.MinTime));
            result.Add(new BlockSeries(smallest, Overlap(chunks) ? Reencode(chunks, samplesPerChunk) : chunks));
        }
    }

    /// <summary>
    /// Decodes overlapping chunks, keeping the first sample seen per timestamp, and cuts new chunks.
    /// Float samples go to XOR chunks and native histograms to histogram chunks, so a series that
    /// switches between the two gets a new chunk at each switch.
    /// </summary>
    public static List<ChunkSnapshot> Reencode(List<ChunkSnapshot> chunks, int samplesPerChunk)
    {
        var result = new List<ChunkSnapshot>();
        var iterator = new ChunksIterator([.. chunks], long.MinValue, long.MaxValue);
        XorChunkWriter? floats = null;
        FloatHistogramChunkWriter? histograms = null;
        while (iterator.MoveNext())
        {
            if (iterator.Histogram is { } histogram)
            {
                Flush(floats, result);
                floats = null;
                if (histograms is null || histograms.Count >= samplesPerChunk)
                {
                    Flush(histograms, result);
                    histograms = new FloatHistogramChunkWriter();
                }

                histograms.Append(iterator.Timestamp, UnknownIfCounter(histogram));
                continue;
            }

            Flush(histograms, result);
            histograms = null;
            if (floats is null || floats.Count >= samplesPerChunk)
            {
                Flush(floats, result);
                floats = new XorChunkWriter();
            }

            floats.Append(iterator.Timestamp, iterator.Value);
        }

        Flush(floats, result);
        Flush(histograms, result);
        return result;
    }

    /// <summary>
    /// Returns a counter histogram with an unknown hint. A stored hint compares a sample with the one
    /// before it in its own chunk, and merging may put another sample in between, so readers detect
    /// resets of merged samples by comparing counts. Gauge histograms keep their hint.
    /// </summary>
    private static FloatHistogram UnknownIfCounter(FloatHistogram histogram) =>
        histogram.CounterResetHint is CounterResetHint.CounterReset or CounterResetHint.NotCounterReset
            ? HistogramHint.Replace(histogram, CounterResetHint.Unknown)
            : histogram;

    private static void Flush(XorChunkWriter? writer, List<ChunkSnapshot> result)
    {
        if (writer is { Count: > 0 })
        {
            result.Add(new ChunkSnapshot(writer.ToArray(), writer.Count, writer.MinTime, writer.MaxTime));
        }
    }

    private static void Flush(FloatHistogramChunkWriter? writer, List<ChunkSnapshot> result)
    {
        if (writer is { Count: > 0 })
        {
            result.Add(writer.Seal());
        }
    }

    private static bool Overlap(List<ChunkSnapshot> sorted)
    {
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].MinTime <= sorted[i - 1].MaxTime)
            {
                return true;
            }
        }

        return false;
    }

    private static (Labels, ChunkSnapshot[])? Read(BlockReader block, int id, DecodedChunkCache cache) =>
        id < block.SeriesCount ? block.ReadSeries(id, long.MinValue, long.MaxValue, cache) : null;
}

using InferScope.Model.Histograms;
using InferScope.Storage.Wal;

namespace InferScope.Storage.Chunks;

/// <summary>
/// Builds one <see cref="ChunkEncoding.FloatHistogram"/> chunk: per sample, the timestamp as a
/// zigzag varint delta from the previous one (from 0 for the first), then the histogram as
/// <see cref="FloatHistogramCodec"/> writes it. Simple rather than compact.
/// Not thread-safe for writers; readers of a snapshot see only the bytes written before it.
/// </summary>
/// <remarks>
/// NOTE: blocks store these chunks as they are, at about 8 bytes per bucket per sample: 8 to 12
/// times the bytes of the same data as classic bucket series (the histogram-size harness in
/// docs/benchmarks.md). A compact encoding for blocks is still to be written.
/// </remarks>
internal sealed class FloatHistogramChunkWriter
{
    private readonly RecordBuffer buffer = new(256);

    public int Count { get; private set; }

    public long MinTime { get; private set; }

    public long MaxTime { get; private set; }

    public int ByteLength => buffer.Length;

    public void Append(long timestamp, FloatHistogram histogram)
    {
        buffer.WriteVarint(Count == 0 ? timestamp : timestamp - MaxTime);
        FloatHistogramCodec.Write(buffer, histogram);
        if (Count == 0)
        {
            MinTime = timestamp;
        }

        MaxTime = timestamp;
        Count++;
    }

    /// <summary>Returns a view of the samples written so far; later appends do not change it.</summary>
    public ChunkSnapshot Snapshot() => new(buffer.Memory, Count, MinTime, MaxTime, ChunkEncoding.FloatHistogram);

    /// <summary>Returns a sealed copy of the chunk.</summary>
    public ChunkSnapshot Seal() => new(buffer.Span.ToArray(), Count, MinTime, MaxTime, ChunkEncoding.FloatHistogram);
}

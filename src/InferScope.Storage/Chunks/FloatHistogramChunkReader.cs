using InferScope.Model.Histograms;
using InferScope.Storage.Wal;

namespace InferScope.Storage.Chunks;

/// <summary>Reads a <see cref="ChunkEncoding.FloatHistogram"/> chunk sample by sample.</summary>
internal struct FloatHistogramChunkReader
{
    private readonly ReadOnlyMemory<byte> data;
    private readonly int count;
    private int read;
    private int position;

    public FloatHistogramChunkReader(ReadOnlyMemory<byte> data, int count)
    {
        this.data = data;
        this.count = count;
    }

    public long Timestamp { get; private set; }

    public FloatHistogram? Histogram { get; private set; }

    public bool MoveNext()
    {
        if (read >= count)
        {
            return false;
        }

        var reader = new RecordReader(data.Span[position..]);
        var delta = reader.ReadVarint();
        Timestamp = read == 0 ? delta : Timestamp + delta;
        Histogram = FloatHistogramCodec.Read(ref reader);
        position += reader.Position;
        read++;
        return true;
    }
}

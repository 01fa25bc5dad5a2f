using InferScope.Model.Histograms;

namespace InferScope.Storage.Chunks;

/// <summary>Decodes a chunk of any supported encoding sample by sample.</summary>
internal struct ChunkDecoder
{
    private readonly ChunkEncoding encoding;
    private XorChunkReader xor;
    private PackedChunkReader packed;
    private DifferenceChunkReader difference;
    private FloatHistogramChunkReader histograms;

    public ChunkDecoder(in ChunkSnapshot chunk)
    {
        encoding = chunk.Encoding;
        switch (encoding)
        {
            case ChunkEncoding.Xor:
                xor = new XorChunkReader(chunk.Data, chunk.Count);
                break;
            case ChunkEncoding.Packed:
                packed = new PackedChunkReader(chunk.Data, chunk.Count);
                break;
            case ChunkEncoding.PackedDifference:
                difference = new DifferenceChunkReader(chunk);
                break;
            case ChunkEncoding.FloatHistogram:
                histograms = new FloatHistogramChunkReader(chunk.Data, chunk.Count);
                break;
            default:
                throw new InvalidDataException($"Chunk encoding {(int)encoding} is not supported by this version; it may hold integer-count native histograms.");
        }
    }

    public readonly long Timestamp => encoding switch
    {
        ChunkEncoding.Xor => xor.Timestamp,
        ChunkEncoding.Packed => packed.Timestamp,
        ChunkEncoding.FloatHistogram => histograms.Timestamp,
        _ => difference.Timestamp,
    };

    /// <summary>The float value, or NaN for a histogram sample.</summary>
    public readonly double Value => encoding switch
    {
        ChunkEncoding.Xor => xor.Value,
        ChunkEncoding.Packed => packed.Value,
        ChunkEncoding.FloatHistogram => double.NaN,
        _ => difference.Value,
    };

    /// <summary>The histogram of a histogram chunk's current sample, else null.</summary>
    public readonly FloatHistogram? Histogram => encoding == ChunkEncoding.FloatHistogram ? histograms.Histogram : null;

    public bool MoveNext() => encoding switch
    {
        ChunkEncoding.Xor => xor.MoveNext(),
        ChunkEncoding.Packed => packed.MoveNext(),
        ChunkEncoding.FloatHistogram => histograms.MoveNext(),
        _ => difference.MoveNext(),
    };
}

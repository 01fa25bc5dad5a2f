namespace InferScope.Storage.Chunks;

/// <summary>Decodes a chunk of any supported encoding sample by sample.</summary>
internal struct ChunkDecoder
{
    private readonly ChunkEncoding encoding;
    private XorChunkReader xor;
    private PackedChunkReader packed;
    private DifferenceChunkReader difference;

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
            default:
                throw new InvalidDataException($"Chunk encoding {(int)encoding} is not supported by this version; it may hold native histograms.");
        }
    }

    public readonly long Timestamp => encoding switch
    {
        ChunkEncoding.Xor => xor.Timestamp,
        ChunkEncoding.Packed => packed.Timestamp,
        _ => difference.Timestamp,
    };

    public readonly double Value => encoding switch
    {
        ChunkEncoding.Xor => xor.Value,
        ChunkEncoding.Packed => packed.Value,
        _ => difference.Value,
    };

    public bool MoveNext() => encoding switch
    {
        ChunkEncoding.Xor => xor.MoveNext(),
        ChunkEncoding.Packed => packed.MoveNext(),
        _ => difference.MoveNext(),
    };
}

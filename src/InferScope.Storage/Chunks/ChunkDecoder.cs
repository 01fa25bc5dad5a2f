namespace InferScope.Storage.Chunks;

/// <summary>Decodes a chunk of any supported encoding sample by sample.</summary>
internal struct ChunkDecoder
{
    private readonly ChunkEncoding encoding;
    private XorChunkReader xor;
    private PackedChunkReader packed;

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
            default:
                throw new InvalidDataException($"Chunk encoding {(int)encoding} is not supported by this version; it may hold native histograms.");
        }
    }

    public readonly long Timestamp => encoding == ChunkEncoding.Xor ? xor.Timestamp : packed.Timestamp;

    public readonly double Value => encoding == ChunkEncoding.Xor ? xor.Value : packed.Value;

    public bool MoveNext() => encoding == ChunkEncoding.Xor ? xor.MoveNext() : packed.MoveNext();
}

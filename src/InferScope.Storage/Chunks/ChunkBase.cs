namespace InferScope.Storage.Chunks;

/// <summary>
/// The chunk a <see cref="ChunkEncoding.PackedDifference"/> chunk is coded against, with a cache
/// shared by the chunks read in one query so that a chain of buckets is decoded once, not once per link.
/// </summary>
internal sealed class ChunkBase(ChunkSnapshot chunk, DecodedChunkCache cache, (int Block, int Series, int Chunk) key)
{
    public ChunkSnapshot Chunk { get; } = chunk;

    /// <summary>Returns the base chunk's timestamps and values, decoding them on first use.</summary>
    public DecodedChunk Decode()
    {
        if (cache.TryGet(key, out var decoded))
        {
            return decoded;
        }

        decoded = DecodedChunk.From(Chunk);
        cache.Add(key, decoded);
        return decoded;
    }
}

namespace InferScope.Storage.Chunks;

/// <summary>
/// A readable view of one chunk: its bytes (header included), how many samples to decode, and
/// the time range those samples cover. A view of the open head chunk stays valid while the
/// writer appends, because it decodes only the samples it counted. A
/// <see cref="ChunkEncoding.PackedDifference"/> chunk also carries the chunk it is coded against.
/// A block chunk carries the decoded-chunk cache of its select and a key (block reader, series,
/// chunk number), which the sample iterator and the readers' rings of decoded bases look it up by,
/// so that a chunk that is both read and the base of another is decoded once.
/// </summary>
internal readonly record struct ChunkSnapshot(
    ReadOnlyMemory<byte> Data,
    int Count,
    long MinTime,
    long MaxTime,
    ChunkEncoding Encoding = ChunkEncoding.Xor,
    ChunkBase? Base = null,
    DecodedChunkCache? Cache = null,
    (int Block, int Series, int Chunk) CacheKey = default)
{
    /// <summary>True for the encodings that contain float samples.</summary>
    public bool HoldsFloats => Encoding is ChunkEncoding.Xor or ChunkEncoding.Packed or ChunkEncoding.PackedDifference;

    /// <summary>Returns every sample of a float chunk, from the cache when another read already decoded it.</summary>
    public DecodedChunk Decode()
    {
        if (Cache is null)
        {
            return DecodedChunk.From(this);
        }

        if (Cache.TryGet(CacheKey, out var decoded))
        {
            return decoded;
        }

        decoded = DecodedChunk.From(this);
        Cache.Add(CacheKey, decoded);
        return decoded;
    }
}

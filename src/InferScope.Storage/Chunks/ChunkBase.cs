namespace InferScope.Storage.Chunks;

/// <summary>The chunk a <see cref="ChunkEncoding.PackedDifference"/> chunk is coded against.</summary>
internal sealed class ChunkBase(ChunkSnapshot chunk)
{
    public ChunkSnapshot Chunk { get; } = chunk;

    /// <summary>Returns the base chunk's timestamps and values, decoding them once per cache.</summary>
    public DecodedChunk Decode() => Chunk.Decode();
}

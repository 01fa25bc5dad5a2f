using InferScope.Storage.Blocks;

namespace InferScope.Storage.Chunks;

/// <summary>
/// The chunk a <see cref="ChunkEncoding.PackedDifference"/> chunk is coded against: its place in
/// the block, read from the block's files on each use of <see cref="Chunk"/>. Selecting a bucket
/// series reads no base. Only a decode that does not find the base decoded already reads it.
/// </summary>
internal sealed class ChunkBase(BlockReader block, int series, int chunk, DecodedChunkCache cache, int depth)
{
    /// <summary>Reads the base chunk's view from the block, which the caller's querier keeps open.</summary>
    /// <exception cref="InvalidDataException">The base does not exist or is not a float chunk; the block is damaged.</exception>
    public ChunkSnapshot Chunk => block.ReadBaseChunk(series, chunk, cache, depth);

    /// <summary>Returns the base chunk's timestamps and values, decoding them once per cache.</summary>
    public DecodedChunk Decode() => Chunk.Decode();
}

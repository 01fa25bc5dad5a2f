namespace InferScope.Storage.Chunks;

/// <summary>
/// A readable view of one chunk: its bytes (header included), how many samples to decode, and
/// the time range those samples cover. A view of the open head chunk stays valid while the
/// writer appends, because it decodes only the samples it counted. A
/// <see cref="ChunkEncoding.PackedDifference"/> chunk also carries the chunk it is coded against.
/// </summary>
internal readonly record struct ChunkSnapshot(
    ReadOnlyMemory<byte> Data,
    int Count,
    long MinTime,
    long MaxTime,
    ChunkEncoding Encoding = ChunkEncoding.Xor,
    ChunkBase? Base = null);

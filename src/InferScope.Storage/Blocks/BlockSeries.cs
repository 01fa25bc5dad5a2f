using InferScope.Model;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Blocks;

/// <summary>One series to write into a block: its labels and its chunks ordered by time.</summary>
internal sealed record BlockSeries(Labels Labels, IReadOnlyList<ChunkSnapshot> Chunks);

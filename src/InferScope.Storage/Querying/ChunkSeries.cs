using InferScope.Model;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Querying;

/// <summary>One source's chunks of one series within a query range: from the head or from one block.</summary>
internal sealed record ChunkSeries(Labels Labels, ChunkSnapshot[] Chunks);

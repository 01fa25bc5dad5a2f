namespace InferScope.Storage.Chunks;

/// <summary>The samples of one chunk, decoded into arrays of equal length.</summary>
internal sealed record DecodedChunk(long[] Timestamps, double[] Values);

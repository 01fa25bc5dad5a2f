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

        var timestamps = new long[Chunk.Count];
        var values = new double[Chunk.Count];
        var decoder = new ChunkDecoder(Chunk);
        var count = 0;
        while (count < timestamps.Length && decoder.MoveNext())
        {
            timestamps[count] = decoder.Timestamp;
            values[count] = decoder.Value;
            count++;
        }

        if (count != timestamps.Length)
        {
            throw new InvalidDataException($"A base chunk decoded {count} samples where its index names {timestamps.Length}; the block is damaged.");
        }

        decoded = new DecodedChunk(timestamps, values);
        cache.Add(key, decoded);
        return decoded;
    }
}

namespace InferScope.Storage.Chunks;

/// <summary>The samples of one chunk, decoded into arrays of equal length.</summary>
internal sealed record DecodedChunk(long[] Timestamps, double[] Values)
{
    /// <summary>Decodes every sample of <paramref name="chunk"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The chunk decodes to fewer samples than its count, or it is a native histogram chunk, which
    /// has no float values and so cannot be the base of a difference chunk.
    /// </exception>
    public static DecodedChunk From(in ChunkSnapshot chunk)
    {
        if (chunk.Encoding == ChunkEncoding.FloatHistogram)
        {
            throw new InvalidDataException("A difference chunk names a native histogram chunk as its base, so the block is damaged.");
        }

        var timestamps = new long[chunk.Count];
        var values = new double[chunk.Count];
        var decoder = new ChunkDecoder(chunk);
        var count = 0;
        while (count < timestamps.Length && decoder.MoveNext())
        {
            timestamps[count] = decoder.Timestamp;
            values[count] = decoder.Value;
            count++;
        }

        if (count != timestamps.Length)
        {
            throw new InvalidDataException($"A chunk decoded {count} samples where its index names {timestamps.Length}; the block is damaged.");
        }

        return new DecodedChunk(timestamps, values);
    }
}

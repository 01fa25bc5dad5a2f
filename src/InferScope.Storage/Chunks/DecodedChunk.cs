namespace InferScope.Storage.Chunks;

/// <summary>The samples of one chunk, decoded into arrays of equal length.</summary>
internal sealed record DecodedChunk(long[] Timestamps, double[] Values)
{
    /// <summary>Decodes every sample of <paramref name="chunk"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The chunk decodes to fewer samples than its count, or it is a native histogram chunk, which
    /// has no float values. Readers pass only float chunks, so a histogram chunk here is the base
    /// named by a damaged difference chunk.
    /// </exception>
    public static DecodedChunk From(in ChunkSnapshot chunk)
    {
        var timestamps = new long[chunk.Count];
        var values = new double[chunk.Count];
        DecodeInto(chunk, timestamps, values);
        return new DecodedChunk(timestamps, values);
    }

    /// <summary>Decodes every sample of a float chunk into spans of exactly <see cref="ChunkSnapshot.Count"/> elements.</summary>
    /// <exception cref="InvalidDataException">The chunk decodes to fewer samples than its count.</exception>
    public static void DecodeInto(in ChunkSnapshot chunk, Span<long> timestamps, Span<double> values)
    {
        switch (chunk.Encoding)
        {
            case ChunkEncoding.Packed:
                PackedChunkReader.DecodeAll(chunk.Data, timestamps, values);
                return;
            case ChunkEncoding.PackedDifference:
                DifferenceChunkReader.DecodeAll(chunk, timestamps, values);
                return;
        }

        if (chunk.Encoding == ChunkEncoding.FloatHistogram)
        {
            throw new InvalidDataException("A native histogram chunk cannot be decoded as float samples. A difference chunk that names one as its base is damaged.");
        }

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
    }
}

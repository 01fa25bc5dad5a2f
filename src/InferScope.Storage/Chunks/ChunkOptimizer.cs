namespace InferScope.Storage.Chunks;

/// <summary>
/// Re-encodes a series' chunks for a block: joins them into chunks of up to
/// <see cref="MaxSamplesPerChunk"/> samples, which saves the per-chunk header and index entry,
/// and stores each in whichever of <see cref="ChunkEncoding.Packed"/> and
/// <see cref="ChunkEncoding.Xor"/> is smaller. Values are kept bit for bit.
/// </summary>
internal static class ChunkOptimizer
{
    public const int MaxSamplesPerChunk = 1024;

    public static List<ChunkSnapshot> Optimize(IReadOnlyList<ChunkSnapshot> chunks)
    {
        var total = 0;
        foreach (var chunk in chunks)
        {
            total += chunk.Count;
        }

        var timestamps = new long[total];
        var values = new double[total];
        var count = 0;
        var last = long.MinValue;
        foreach (var chunk in chunks)
        {
            var decoder = new ChunkDecoder(chunk);
            while (decoder.MoveNext())
            {
                // Callers pass ordered, non-overlapping chunks; a repeated timestamp would break that, so it is skipped.
                if (decoder.Timestamp <= last)
                {
                    continue;
                }

                last = decoder.Timestamp;
                timestamps[count] = last;
                values[count] = decoder.Value;
                count++;
            }
        }

        var result = new List<ChunkSnapshot>();
        var runs = (count + MaxSamplesPerChunk - 1) / MaxSamplesPerChunk;
        for (var run = 0; run < runs; run++)
        {
            // Equal runs avoid a tiny last chunk.
            var start = (int)((long)count * run / runs);
            var end = (int)((long)count * (run + 1) / runs);
            result.Add(Encode(timestamps.AsSpan(start, end - start), values.AsSpan(start, end - start)));
        }

        return result;
    }

    private static ChunkSnapshot Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        var xor = new XorChunkWriter(timestamps.Length * 2);
        for (var i = 0; i < timestamps.Length; i++)
        {
            xor.Append(timestamps[i], values[i]);
        }

        var xorBytes = xor.ToArray();
        var packed = PackedChunkWriter.TryEncode(timestamps, values);
        return packed is not null && packed.Length < xorBytes.Length
            ? new ChunkSnapshot(packed, timestamps.Length, timestamps[0], timestamps[^1], ChunkEncoding.Packed)
            : new ChunkSnapshot(xorBytes, timestamps.Length, timestamps[0], timestamps[^1], ChunkEncoding.Xor);
    }
}

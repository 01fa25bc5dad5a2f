using InferScope.Model.Histograms;

namespace InferScope.Storage.Chunks;

/// <summary>
/// Re-encodes a series' chunks for a block: joins each run of float chunks into chunks of up to
/// <see cref="MaxSamplesPerChunk"/> samples, which saves the per-chunk header and index entry,
/// and stores each in whichever of <see cref="ChunkEncoding.Packed"/> and
/// <see cref="ChunkEncoding.Xor"/> is smaller. Native histogram chunks between the float runs are
/// kept as they are. Values and histograms are kept bit for bit.
/// </summary>
internal static class ChunkOptimizer
{
    public const int MaxSamplesPerChunk = 1024;

    public static List<ChunkSnapshot> Optimize(IReadOnlyList<ChunkSnapshot> chunks)
    {
        var result = new List<ChunkSnapshot>();
        var last = long.MinValue;
        var runStart = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].Encoding != ChunkEncoding.FloatHistogram)
            {
                continue;
            }

            last = AddFloatRun(chunks, runStart, i, last, result);
            last = AddHistogramChunk(chunks[i], last, result);
            runStart = i + 1;
        }

        AddFloatRun(chunks, runStart, chunks.Count, last, result);
        return result;
    }

    /// <summary>Joins and re-encodes the float chunks from <paramref name="start"/> up to <paramref name="end"/>, and returns the newest timestamp written.</summary>
    private static long AddFloatRun(IReadOnlyList<ChunkSnapshot> chunks, int start, int end, long last, List<ChunkSnapshot> result)
    {
        var total = 0;
        for (var i = start; i < end; i++)
        {
            total += chunks[i].Count;
        }

        if (total == 0)
        {
            return last;
        }

        var timestamps = new long[total];
        var values = new double[total];
        var count = 0;
        for (var i = start; i < end; i++)
        {
            var decoder = new ChunkDecoder(chunks[i]);
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

        var runs = (count + MaxSamplesPerChunk - 1) / MaxSamplesPerChunk;
        for (var run = 0; run < runs; run++)
        {
            // Equal runs avoid a tiny last chunk.
            var from = (int)((long)count * run / runs);
            var to = (int)((long)count * (run + 1) / runs);
            result.Add(Encode(timestamps.AsSpan(from, to - from), values.AsSpan(from, to - from)));
        }

        return last;
    }

    /// <summary>
    /// Adds a native histogram chunk unchanged, unless it starts at or before
    /// <paramref name="last"/>. In that case only its newer samples are copied into a new chunk.
    /// Returns the newest timestamp written.
    /// </summary>
    private static long AddHistogramChunk(in ChunkSnapshot chunk, long last, List<ChunkSnapshot> result)
    {
        if (chunk.MinTime > last)
        {
            result.Add(chunk);
            return chunk.MaxTime;
        }

        var writer = new FloatHistogramChunkWriter();
        var decoder = new ChunkDecoder(chunk);
        while (decoder.MoveNext())
        {
            if (decoder.Timestamp > last && decoder.Histogram is FloatHistogram histogram)
            {
                last = decoder.Timestamp;
                writer.Append(last, histogram);
            }
        }

        if (writer.Count > 0)
        {
            result.Add(writer.Seal());
        }

        return last;
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

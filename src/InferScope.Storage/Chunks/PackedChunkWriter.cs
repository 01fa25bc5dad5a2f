namespace InferScope.Storage.Chunks;

/// <summary>
/// Encodes a sealed run of samples as a <see cref="ChunkEncoding.Packed"/> chunk when every value
/// is an integer divided by a power of ten, as counters, bucket counts, percentages and rounded
/// gauges are, and returns null otherwise. The layout is the big-endian 16-bit sample count, the
/// first timestamp and the first delta as zigzag varints, a byte holding the value order (high 3
/// bits) and the decimal scale (low 5 bits), the first scaled integer and its first delta as zigzag
/// varints, then two streams of zigzag residuals from the third sample on: timestamp deltas of
/// deltas, then value differences of the chosen order (1 for deltas, 2 for deltas of deltas).
/// Residuals are packed in groups of <see cref="GroupSize"/>: one 0 bit for an all-zero group,
/// else a 1 bit, a 6-bit width and each residual in that many bits.
/// </summary>
internal static class PackedChunkWriter
{
    public const int GroupSize = 8;
    public const int MaxScale = 18;

    /// <summary>Exact powers of ten; 10^18 and below are exact doubles.</summary>
    internal static readonly double[] PowersOfTen = [.. Enumerable.Range(0, MaxScale + 1).Select(i => Math.Pow(10, i))];

    public static byte[]? TryEncode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        if (timestamps.Length < 2 || timestamps.Length > ushort.MaxValue)
        {
            return null;
        }

        var scale = FindScale(values);
        if (scale < 0)
        {
            return null;
        }

        var integers = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            integers[i] = (long)Math.Round(values[i] * PowersOfTen[scale]);
        }

        var timeResiduals = Residuals(timestamps, order: 2);
        var delta = Residuals(integers, order: 1);
        var deltaOfDelta = Residuals(integers, order: 2);
        var order = PackedBits(deltaOfDelta) < PackedBits(delta) ? 2 : 1;

        var writer = new BitWriter(16 + (values.Length / 2));
        writer.WriteBits((ulong)timestamps.Length, 16);
        writer.WriteVarint(timestamps[0]);
        writer.WriteVarint(timestamps[1] - timestamps[0]);
        writer.WriteByte((byte)((order << 5) | scale));
        writer.WriteVarint(integers[0]);
        writer.WriteVarint(integers[1] - integers[0]);
        Pack(writer, timeResiduals);
        Pack(writer, order == 2 ? deltaOfDelta : delta);
        return writer.ToArray();
    }

    /// <summary>Returns the smallest decimal scale that represents every value exactly, or -1.</summary>
    private static int FindScale(ReadOnlySpan<double> values)
    {
        var scale = 0;
        foreach (var value in values)
        {
            while (!IsExact(value, scale))
            {
                if (++scale > MaxScale)
                {
                    return -1;
                }
            }
        }

        foreach (var value in values)
        {
            if (!IsExact(value, scale))
            {
                return -1;
            }
        }

        return scale;
    }

    /// <summary>Returns whether decoding the scaled integer gives back exactly the bits of <paramref name="value"/>.</summary>
    private static bool IsExact(double value, int scale)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        var scaled = Math.Round(value * PowersOfTen[scale]);
        if (Math.Abs(scaled) >= 1L << 53)
        {
            return false;
        }

        var decoded = PackedChunkReader.Decode((long)scaled, scale);
        return BitConverter.DoubleToUInt64Bits(decoded) == BitConverter.DoubleToUInt64Bits(value);
    }

    /// <summary>Returns the zigzag-encoded differences of the given order for samples 2 onward.</summary>
    private static ulong[] Residuals(ReadOnlySpan<long> series, int order)
    {
        var result = new ulong[series.Length - 2];
        var previousDelta = series[1] - series[0];
        for (var i = 2; i < series.Length; i++)
        {
            var delta = series[i] - series[i - 1];
            var residual = order == 2 ? delta - previousDelta : delta;
            previousDelta = delta;
            result[i - 2] = (ulong)((residual << 1) ^ (residual >> 63));
        }

        return result;
    }

    private static long PackedBits(ulong[] residuals)
    {
        long bits = 0;
        for (var start = 0; start < residuals.Length; start += GroupSize)
        {
            var width = GroupWidth(residuals, start);
            bits += width == 0 ? 1 : 7 + (width * Math.Min(GroupSize, residuals.Length - start));
        }

        return bits;
    }

    private static void Pack(BitWriter writer, ulong[] residuals)
    {
        for (var start = 0; start < residuals.Length; start += GroupSize)
        {
            var width = GroupWidth(residuals, start);
            if (width == 0)
            {
                writer.WriteBit(false);
                continue;
            }

            writer.WriteBit(true);
            writer.WriteBits((ulong)(width - 1), 6);
            var end = Math.Min(start + GroupSize, residuals.Length);
            for (var i = start; i < end; i++)
            {
                writer.WriteBits(residuals[i], width);
            }
        }
    }

    private static int GroupWidth(ulong[] residuals, int start)
    {
        ulong any = 0;
        var end = Math.Min(start + GroupSize, residuals.Length);
        for (var i = start; i < end; i++)
        {
            any |= residuals[i];
        }

        return 64 - System.Numerics.BitOperations.LeadingZeroCount(any);
    }
}

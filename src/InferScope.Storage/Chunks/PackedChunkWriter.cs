namespace InferScope.Storage.Chunks;

/// <summary>
/// Encodes a sealed run of samples as a <see cref="ChunkEncoding.Packed"/> chunk. When every value
/// is an integer divided by a power of ten, as counters, bucket counts, percentages and rounded
/// gauges are, the chunk codes those integers; otherwise it codes the raw bits of each value as a
/// 64-bit integer, with differences that wrap around. The header is the big-endian 16-bit sample count, the
/// first timestamp and first delta as zigzag varints, a byte with the value order (high 3 bits)
/// and decimal scale (low 5 bits), and the first scaled integer and its first delta. Two streams
/// of zigzag residuals follow from the third sample on. The first holds timestamp deltas of
/// deltas, and the second value differences of the chosen order (1 for deltas, 2 for deltas of deltas).
/// Both streams are Rice-coded in groups by <see cref="RiceGroups"/>.
/// </summary>
internal static class PackedChunkWriter
{
    public const int MaxScale = 18;

    /// <summary>The scale code for chunks whose integers are the raw IEEE 754 bits of the values.</summary>
    public const int RawBitsScale = 31;

    /// <summary>Exact powers of ten; 10^18 and below are exact doubles.</summary>
    internal static readonly double[] PowersOfTen = [.. Enumerable.Range(0, MaxScale + 1).Select(i => Math.Pow(10, i))];

    public static byte[]? TryEncode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        if (timestamps.Length < 3 || timestamps.Length > ushort.MaxValue)
        {
            return null;
        }

        // Values that are no scaled integers are coded as their raw bits, whose differences are
        // small for a slowly moving float such as a histogram sum.
        var scale = FindScale(values);
        var integers = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            integers[i] = scale < 0 ? BitConverter.DoubleToInt64Bits(values[i]) : (long)Math.Round(values[i] * PowersOfTen[scale]);
        }

        if (scale < 0)
        {
            scale = RawBitsScale;
        }

        var timeResiduals = Residuals(timestamps, order: 2);
        var delta = Residuals(integers, order: 1);
        var deltaOfDelta = Residuals(integers, order: 2);
        var order = RiceGroups.Cost(deltaOfDelta) < RiceGroups.Cost(delta) ? 2 : 1;

        var writer = new BitWriter(16 + (values.Length / 2));
        writer.WriteBits((ulong)timestamps.Length, 16);
        writer.WriteVarint(timestamps[0]);
        writer.WriteVarint(timestamps[1] - timestamps[0]);
        writer.WriteByte((byte)((order << 5) | scale));
        writer.WriteVarint(integers[0]);
        writer.WriteVarint(unchecked(integers[1] - integers[0]));
        RiceGroups.Write(writer, timeResiduals);
        RiceGroups.Write(writer, order == 2 ? deltaOfDelta : delta);
        return writer.ToArray();
    }

    /// <summary>Returns the smallest decimal scale that represents every value exactly, or -1.</summary>
    internal static int FindScale(ReadOnlySpan<double> values)
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
    internal static bool IsExact(double value, int scale)
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
    internal static ulong[] Residuals(ReadOnlySpan<long> series, int order)
    {
        var result = new ulong[series.Length - 2];
        var previousDelta = series[1] - series[0];
        for (var i = 2; i < series.Length; i++)
        {
            var delta = unchecked(series[i] - series[i - 1]);
            var residual = order == 2 ? unchecked(delta - previousDelta) : delta;
            previousDelta = delta;
            result[i - 2] = (ulong)((residual << 1) ^ (residual >> 63));
        }

        return result;
    }
}

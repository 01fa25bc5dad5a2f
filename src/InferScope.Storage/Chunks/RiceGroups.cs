using System.Numerics;
using System.Runtime.CompilerServices;

namespace InferScope.Storage.Chunks;

/// <summary>
/// Codes a stream of unsigned residuals in groups of <see cref="GroupSize"/> with a Rice code
/// whose parameter k is chosen per group. A group starts with one bit: 0 for a group of zeros,
/// else 1 and k in 6 bits. Each residual r is then r &gt;&gt; k in unary (that many 1 bits and a
/// 0) followed by the low k bits of r. A quotient of <see cref="EscapeQuotient"/> or more is
/// written as that many 1 bits, the residual's bit width less one in 6 bits, and the residual.
/// </summary>
internal static class RiceGroups
{
    public const int GroupSize = 16;
    public const int EscapeQuotient = 12;

    public static void Write(BitWriter writer, ReadOnlySpan<ulong> residuals)
    {
        for (var start = 0; start < residuals.Length; start += GroupSize)
        {
            var group = residuals.Slice(start, Math.Min(GroupSize, residuals.Length - start));
            var k = BestParameter(group, out var allZero);
            if (allZero)
            {
                writer.WriteBit(false);
                continue;
            }

            writer.WriteBit(true);
            writer.WriteBits((ulong)k, 6);
            foreach (var residual in group)
            {
                var quotient = residual >> k;
                if (quotient >= EscapeQuotient)
                {
                    writer.WriteBits((1UL << EscapeQuotient) - 1, EscapeQuotient);
                    var width = Width(residual);
                    writer.WriteBits((ulong)(width - 1), 6);
                    writer.WriteBits(residual, width);
                    continue;
                }

                // The unary quotient: that many 1 bits, then a 0.
                writer.WriteBits(((1UL << (int)quotient) - 1) << 1, (int)quotient + 1);
                if (k > 0)
                {
                    writer.WriteBits(residual & ((1UL << k) - 1), k);
                }
            }
        }
    }

    /// <summary>Returns the bits <see cref="Write"/> would use, to compare encodings.</summary>
    public static long Cost(ReadOnlySpan<ulong> residuals)
    {
        long bits = 0;
        for (var start = 0; start < residuals.Length; start += GroupSize)
        {
            var group = residuals.Slice(start, Math.Min(GroupSize, residuals.Length - start));
            var k = BestParameter(group, out var allZero);
            bits += allZero ? 1 : 7 + GroupCost(group, k);
        }

        return bits;
    }

    /// <summary>Reads one residual; <paramref name="k"/> and <paramref name="left"/> carry the group state between calls.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read(ref BitReader reader, ref int k, ref int left)
    {
        if (left == 0)
        {
            k = reader.ReadBit() ? (int)reader.ReadBits(6) : -1;
            left = GroupSize;
        }

        left--;
        if (k < 0)
        {
            return 0;
        }

        return reader.ReadRice(k, EscapeQuotient);
    }

    private static int BestParameter(ReadOnlySpan<ulong> group, out bool allZero)
    {
        ulong any = 0;
        foreach (var residual in group)
        {
            any |= residual;
        }

        allZero = any == 0;
        var best = 0;
        var bestCost = long.MaxValue;
        for (var k = 0; k <= Math.Min(63, Width(any)); k++)
        {
            var cost = GroupCost(group, k);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = k;
            }
        }

        return best;
    }

    private static long GroupCost(ReadOnlySpan<ulong> group, int k)
    {
        long bits = 0;
        foreach (var residual in group)
        {
            var quotient = residual >> k;
            bits += quotient >= EscapeQuotient ? EscapeQuotient + 6 + Width(residual) : (long)quotient + 1 + k;
        }

        return bits;
    }

    private static int Width(ulong value) => Math.Max(1, 64 - BitOperations.LeadingZeroCount(value));
}

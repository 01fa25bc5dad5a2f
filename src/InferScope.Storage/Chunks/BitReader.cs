using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace InferScope.Storage.Chunks;

/// <summary>
/// A forward reader over a bit stream written by <see cref="BitWriter"/>, most significant bit
/// first. It keeps up to 64 upcoming bits in a register and touches the bytes only to refill it,
/// so reading a bit or a short field costs a shift rather than a byte lookup.
/// </summary>
/// <remarks>
/// Chunks in blocks are memory-mapped. For them the reader keeps the mapped address, and for
/// chunks in arrays the array, so that a refill does not go through <see cref="Memory{T}.Span"/>.
/// The block's querier keeps the mapping alive while any reader of it is in use.
/// </remarks>
internal unsafe struct BitReader
{
    private readonly ReadOnlyMemory<byte> data;
    private readonly byte[]? array;
    private readonly byte* mapped;
    private readonly int start;
    private readonly int length;
    private long position;

    /// <summary>The next bits of the stream, left-aligned: bit 63 is the bit at <see cref="position"/>.</summary>
    private ulong window;

    /// <summary>How many bits of <see cref="window"/> are valid.</summary>
    private int available;

    public BitReader(ReadOnlyMemory<byte> data, long startBit = 0)
    {
        this.data = data;
        length = data.Length;
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment))
        {
            array = segment.Array;
            start = segment.Offset;
        }
        else if (System.Runtime.InteropServices.MemoryMarshal.TryGetMemoryManager<byte, Blocks.MappedFile>(data, out var file, out var index, out _))
        {
            mapped = file.Pointer + index;
        }

        position = startBit;
    }

    public readonly long Position => position;

    public readonly long BitLength => (long)length * 8;

    public bool ReadBit()
    {
        if (available == 0)
        {
            Refill(1);
        }

        var bit = (long)window < 0;
        window <<= 1;
        available--;
        position++;
        return bit;
    }

    /// <summary>Reads <paramref name="count"/> bits, 0 to 64, as an unsigned number.</summary>
    public ulong ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (count > available)
        {
            if (count > 56)
            {
                // A refill guarantees at least 57 bits, so read a long field in two parts.
                var high = ReadBits(count - 32);
                return (high << 32) | ReadBits(32);
            }

            Refill(count);
        }

        var value = window >> (64 - count);
        window = count == 64 ? 0 : window << count;
        available -= count;
        position += count;
        return value;
    }

    /// <summary>
    /// Counts 1 bits up to <paramref name="limit"/> (at most 56). Returns the count and consumes the 0 that ends them,
    /// or returns <paramref name="limit"/> and consumes exactly that many 1 bits.
    /// </summary>
    public int ReadOnes(int limit)
    {
        if (available <= limit)
        {
            Refill(Math.Min(limit + 1, (int)Math.Min(int.MaxValue, BitLength - position)));
        }

        var ones = Math.Min(BitOperations.LeadingZeroCount(~window), limit);
        if (ones < limit)
        {
            if (ones >= available)
            {
                throw new InvalidDataException("Chunk ended in the middle of a sample.");
            }

            Skip(ones + 1);
            return ones;
        }

        Skip(limit);
        return limit;
    }

    /// <summary>
    /// Reads one residual of a Rice code with parameter <paramref name="k"/>: a unary quotient of 1 bits ended by a 0,
    /// then k low bits. A quotient of <paramref name="escape"/> 1 bits is followed instead by the residual's bit width
    /// less one in 6 bits and the residual itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadRice(int k, int escape)
    {
        // Wide residuals would cross the end of the window at nearly every read, so it is topped up first.
        if (available < 57)
        {
            TopUp();
        }

        return TryReadRiceInWindow(k, escape, out var value) ? value : ReadRiceSlowly(k, escape);
    }

    public ulong ReadUvarint()
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = ReadBits(8);
            value |= (b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
            if (shift > 63)
            {
                throw new InvalidDataException("Varint in chunk is longer than 10 bytes.");
            }
        }
    }

    public long ReadVarint()
    {
        var raw = ReadUvarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a Rice residual that lies wholly in the window and is not escaped; returns false, reading nothing, otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadRiceInWindow(int k, int escape, out ulong value)
    {
        var ones = BitOperations.LeadingZeroCount(~window);
        var total = ones + 1 + k;
        if (ones >= escape || total > available)
        {
            value = 0;
            return false;
        }

        var low = k == 0 ? 0 : (window << (ones + 1)) >> (64 - k);
        Skip(total);
        value = ((ulong)ones << k) | low;
        return true;
    }

    /// <summary>Reads a Rice residual that crosses the end of the window or is escaped.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong ReadRiceSlowly(int k, int escape)
    {
        if (position < BitLength && available < 57)
        {
            Refill(1);
            if (TryReadRiceInWindow(k, escape, out var value))
            {
                return value;
            }
        }

        var quotient = ReadOnes(escape);
        if (quotient == escape)
        {
            var width = (int)ReadBits(6) + 1;
            return ReadBits(width);
        }

        return ((ulong)quotient << k) | ReadBits(k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Skip(int count)
    {
        window = count == 64 ? 0 : window << count;
        available -= count;
        position += count;
    }

    /// <summary>The stream's bytes.</summary>
    private readonly ReadOnlySpan<byte> Bytes => array is not null
        ? new ReadOnlySpan<byte>(array, start, length)
        : mapped is not null ? new ReadOnlySpan<byte>(mapped, length) : data.Span;

    /// <summary>Reloads the window with 64 bits when at least eight bytes remain; near the end it leaves the window as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TopUp()
    {
        var byteIndex = (int)(position >> 3);
        if (byteIndex + 8 <= length)
        {
            var shift = (int)(position & 7);
            window = BinaryPrimitives.ReadUInt64BigEndian(Bytes[byteIndex..]) << shift;
            available = 64 - shift;
        }
    }

    /// <summary>Reloads the window from <see cref="position"/>; throws when fewer than <paramref name="needed"/> bits remain.</summary>
    private void Refill(int needed)
    {
        if (position + needed > BitLength || needed <= 0)
        {
            throw new InvalidDataException("Chunk ended in the middle of a sample.");
        }

        var span = Bytes;
        var byteIndex = (int)(position >> 3);
        var shift = (int)(position & 7);
        ulong word;
        int bytes;
        if (byteIndex + 8 <= span.Length)
        {
            word = BinaryPrimitives.ReadUInt64BigEndian(span[byteIndex..]);
            bytes = 8;
        }
        else
        {
            word = 0;
            bytes = span.Length - byteIndex;
            for (var i = 0; i < bytes; i++)
            {
                word |= (ulong)span[byteIndex + i] << (56 - (8 * i));
            }
        }

        window = word << shift;
        available = (bytes * 8) - shift;
    }
}

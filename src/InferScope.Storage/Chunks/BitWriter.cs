namespace InferScope.Storage.Chunks;

/// <summary>
/// An append-only bit stream, most significant bit first. Bits already written never change, so
/// a reader may decode a prefix while a writer appends, as long as it stops at a bit length it
/// read earlier.
/// </summary>
internal sealed class BitWriter
{
    private byte[] buffer;
    private long bitLength;

    public BitWriter(int initialBytes)
    {
        buffer = new byte[Math.Max(initialBytes, 8)];
    }

    public long BitLength => bitLength;

    public int ByteLength => (int)((bitLength + 7) >> 3);

    /// <summary>The current backing array; a later write may replace it with a larger copy.</summary>
    public byte[] Buffer => buffer;

    public void WriteBit(bool bit)
    {
        EnsureCapacity(1);
        if (bit)
        {
            buffer[bitLength >> 3] |= (byte)(0x80 >> (int)(bitLength & 7));
        }

        bitLength++;
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/>, highest first.</summary>
    public void WriteBits(ulong value, int count)
    {
        EnsureCapacity(count);
        while (count > 0)
        {
            var offset = (int)(bitLength & 7);
            var free = 8 - offset;
            var take = Math.Min(free, count);
            var chunk = (byte)((value >> (count - take)) & ((1UL << take) - 1));
            buffer[bitLength >> 3] |= (byte)(chunk << (free - take));
            bitLength += take;
            count -= take;
        }
    }

    public void WriteByte(byte value) => WriteBits(value, 8);

    /// <summary>Writes a zigzag-encoded signed varint.</summary>
    public void WriteVarint(long value) => WriteUvarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteUvarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    /// <summary>Overwrites a whole byte that was reserved earlier, such as a header count.</summary>
    public void PatchByte(int index, byte value) => buffer[index] = value;

    /// <summary>Returns a copy trimmed to the bytes written.</summary>
    public byte[] ToArray() => buffer.AsSpan(0, ByteLength).ToArray();

    private void EnsureCapacity(int bits)
    {
        var needed = (int)((bitLength + bits + 7) >> 3);
        if (needed <= buffer.Length)
        {
            return;
        }

        var grown = new byte[Math.Max(needed, buffer.Length * 2)];
        buffer.AsSpan().CopyTo(grown);

        // Publish the copy only after it is complete so concurrent readers see whole data.
        Volatile.Write(ref buffer, grown);
    }
}

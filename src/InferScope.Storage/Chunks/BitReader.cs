namespace InferScope.Storage.Chunks;

/// <summary>A forward reader over a bit stream written by <see cref="BitWriter"/>.</summary>
internal struct BitReader
{
    private readonly ReadOnlyMemory<byte> data;
    private long position;

    public BitReader(ReadOnlyMemory<byte> data, long startBit = 0)
    {
        this.data = data;
        position = startBit;
    }

    public readonly long Position => position;

    public readonly long BitLength => (long)data.Length * 8;

    public bool ReadBit()
    {
        if (position >= BitLength)
        {
            throw new InvalidDataException("Chunk ended in the middle of a sample.");
        }

        var b = data.Span[(int)(position >> 3)];
        var bit = (b & (0x80 >> (int)(position & 7))) != 0;
        position++;
        return bit;
    }

    public ulong ReadBits(int count)
    {
        if (position + count > BitLength)
        {
            throw new InvalidDataException("Chunk ended in the middle of a sample.");
        }

        var span = data.Span;
        ulong value = 0;
        while (count > 0)
        {
            var offset = (int)(position & 7);
            var available = 8 - offset;
            var take = Math.Min(available, count);
            var b = span[(int)(position >> 3)];
            var chunk = (ulong)((b >> (available - take)) & ((1 << take) - 1));
            value = (value << take) | chunk;
            position += take;
            count -= take;
        }

        return value;
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
}

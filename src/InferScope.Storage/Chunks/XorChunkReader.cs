namespace InferScope.Storage.Chunks;

/// <summary>Decodes a <see cref="ChunkEncoding.Xor"/> chunk sample by sample.</summary>
internal struct XorChunkReader
{
    private BitReader reader;
    private readonly int count;
    private int index;
    private long delta;
    private ulong valueBits;
    private int leading;
    private int trailing;

    /// <param name="data">The chunk bytes, header included.</param>
    /// <param name="count">The samples to read; a writer's snapshot may hold fewer than the header says.</param>
    public XorChunkReader(ReadOnlyMemory<byte> data, int count)
    {
        reader = new BitReader(data, XorChunkWriter.HeaderBytes * 8);
        this.count = count;
    }

    public long Timestamp { get; private set; }

    public readonly double Value => BitConverter.UInt64BitsToDouble(valueBits);

    public readonly ulong ValueBits => valueBits;

    /// <summary>Returns the sample count stored in a chunk's header.</summary>
    public static int ReadCount(ReadOnlySpan<byte> data) => (data[0] << 8) | data[1];

    public bool MoveNext()
    {
        if (index >= count)
        {
            return false;
        }

        switch (index)
        {
            case 0:
                Timestamp = reader.ReadVarint();
                valueBits = reader.ReadBits(64);
                break;
            case 1:
                delta = reader.ReadVarint();
                Timestamp += delta;
                ReadValue();
                break;
            default:
                delta += ReadDeltaOfDelta();
                Timestamp += delta;
                ReadValue();
                break;
        }

        index++;
        return true;
    }

    private long ReadDeltaOfDelta()
    {
        if (!reader.ReadBit())
        {
            return 0;
        }

        int width;
        if (!reader.ReadBit())
        {
            width = 8;
        }
        else if (!reader.ReadBit())
        {
            width = 14;
        }
        else if (!reader.ReadBit())
        {
            width = 20;
        }
        else
        {
            return (long)reader.ReadBits(64);
        }

        var raw = (long)reader.ReadBits(width);

        // The bucket holds values in (-2^(w-1), 2^(w-1)]; the top of the range wraps to negative, so undo it.
        if (raw > 1L << (width - 1))
        {
            raw -= 1L << width;
        }

        return raw;
    }

    private void ReadValue()
    {
        if (!reader.ReadBit())
        {
            return;
        }

        if (reader.ReadBit())
        {
            leading = (int)reader.ReadBits(5);
            var significant = (int)reader.ReadBits(6);
            if (significant == 0)
            {
                significant = 64;
            }

            trailing = 64 - leading - significant;
        }

        var bits = reader.ReadBits(64 - leading - trailing);
        valueBits ^= bits << trailing;
    }
}

namespace InferScope.Storage.Chunks;

/// <summary>Decodes a <see cref="ChunkEncoding.Packed"/> chunk sample by sample.</summary>
internal struct PackedChunkReader
{
    private readonly int count;
    private readonly int scale;
    private readonly int order;
    private BitReader times;
    private BitReader values;
    private int index;
    private long timeDelta;
    private long valueDelta;
    private long integer;
    private int timeWidth;
    private int valueWidth;

    public PackedChunkReader(ReadOnlyMemory<byte> data, int count)
    {
        this.count = count;
        var header = new BitReader(data);
        var stored = (int)header.ReadBits(16);
        Timestamp = header.ReadVarint();
        timeDelta = header.ReadVarint();
        var mode = (int)header.ReadBits(8);
        order = mode >> 5;
        scale = mode & 31;
        integer = header.ReadVarint();
        valueDelta = header.ReadVarint();

        // The value stream starts after the timestamp stream, so skip over the latter once.
        times = header;
        var skip = header;
        for (var i = 2; i < stored; i += PackedChunkWriter.GroupSize)
        {
            SkipGroup(ref skip, Math.Min(PackedChunkWriter.GroupSize, stored - i));
        }

        values = skip;
        Value = Decode(integer, scale);
    }

    public long Timestamp { get; private set; }

    public double Value { get; private set; }

    public readonly ulong ValueBits => BitConverter.DoubleToUInt64Bits(Value);

    /// <summary>Turns a scaled integer back into the value it was made from, exactly as the writer checked.</summary>
    public static double Decode(long scaled, int scale) =>
        scale == 0 ? scaled : scaled / PackedChunkWriter.PowersOfTen[scale];

    public bool MoveNext()
    {
        if (index >= count)
        {
            return false;
        }

        if (index == 1)
        {
            Timestamp += timeDelta;
            integer += valueDelta;
            Value = Decode(integer, scale);
        }
        else if (index > 1)
        {
            timeDelta += Next(ref times, ref timeWidth);
            Timestamp += timeDelta;
            var residual = Next(ref values, ref valueWidth);
            if (order == 2)
            {
                valueDelta += residual;
                integer += valueDelta;
            }
            else
            {
                integer += residual;
            }

            Value = Decode(integer, scale);
        }

        index++;
        return true;
    }

    private long Next(ref BitReader reader, ref int width)
    {
        // Sample i (from 2) is residual i-2; a group header precedes every GroupSize residuals.
        var position = (index - 2) % PackedChunkWriter.GroupSize;
        if (position == 0)
        {
            width = reader.ReadBit() ? (int)reader.ReadBits(6) + 1 : 0;
        }

        if (width == 0)
        {
            return 0;
        }

        var raw = reader.ReadBits(width);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private static void SkipGroup(ref BitReader reader, int residuals)
    {
        if (!reader.ReadBit())
        {
            return;
        }

        var width = (int)reader.ReadBits(6) + 1;
        for (var i = 0; i < residuals; i++)
        {
            reader.ReadBits(width);
        }
    }
}

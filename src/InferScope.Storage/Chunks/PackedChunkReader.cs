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
    private int timeParameter;
    private int timeLeft;
    private int valueParameter;
    private int valueLeft;

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

        // The value stream starts after the timestamp stream, so read past the latter once.
        times = header;
        var skip = header;
        int parameter = 0, left = 0;
        for (var i = 2; i < stored; i++)
        {
            RiceGroups.Read(ref skip, ref parameter, ref left);
        }

        values = skip;
        Value = Decode(integer, scale);
    }

    public long Timestamp { get; private set; }

    public double Value { get; private set; }

    public readonly ulong ValueBits => BitConverter.DoubleToUInt64Bits(Value);

    /// <summary>Turns a scaled integer back into the value it was made from, exactly as the writer checked.</summary>
    public static double Decode(long scaled, int scale) => scale switch
    {
        0 => scaled,
        PackedChunkWriter.RawBitsScale => BitConverter.Int64BitsToDouble(scaled),
        _ => scaled / PackedChunkWriter.PowersOfTen[scale],
    };

    public bool MoveNext()
    {
        if (index >= count)
        {
            return false;
        }

        if (index == 1)
        {
            Timestamp += timeDelta;
            integer = unchecked(integer + valueDelta);
            Value = Decode(integer, scale);
        }
        else if (index > 1)
        {
            timeDelta += Unzigzag(RiceGroups.Read(ref times, ref timeParameter, ref timeLeft));
            Timestamp += timeDelta;
            var residual = Unzigzag(RiceGroups.Read(ref values, ref valueParameter, ref valueLeft));
            if (order == 2)
            {
                valueDelta = unchecked(valueDelta + residual);
                integer = unchecked(integer + valueDelta);
            }
            else
            {
                integer = unchecked(integer + residual);
            }

            Value = Decode(integer, scale);
        }

        index++;
        return true;
    }

    private static long Unzigzag(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);
}

using System.Runtime.CompilerServices;

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
            AddResidual(Unzigzag(RiceGroups.Read(ref values, ref valueParameter, ref valueLeft)), order, ref valueDelta, ref integer);
            Value = Decode(integer, scale);
        }

        index++;
        return true;
    }

    /// <summary>Decodes the first <c>timestamps.Length</c> samples of a chunk in one pass per stream.</summary>
    public static void DecodeAll(ReadOnlyMemory<byte> data, Span<long> timestamps, Span<double> values)
    {
        var count = timestamps.Length;
        var reader = new BitReader(data);
        var stored = (int)reader.ReadBits(16);
        var timestamp = reader.ReadVarint();
        var timeDelta = reader.ReadVarint();
        var mode = (int)reader.ReadBits(8);
        var order = mode >> 5;
        var scale = mode & 31;
        var integer = reader.ReadVarint();
        var valueDelta = reader.ReadVarint();
        if (count == 0)
        {
            return;
        }

        if (count > stored)
        {
            throw new InvalidDataException($"A packed chunk contains {stored} samples, fewer than the {count} its index names; the block is damaged. Move its folder out of the data folder and restart.");
        }

        timestamps[0] = timestamp;
        if (count > 1)
        {
            timestamp += timeDelta;
            timestamps[1] = timestamp;
        }

        int parameter = 0, left = 0;
        for (var i = 2; i < count; i++)
        {
            timeDelta += Unzigzag(RiceGroups.Read(ref reader, ref parameter, ref left));
            timestamp += timeDelta;
            timestamps[i] = timestamp;
        }

        // The value stream starts after every stored timestamp, also those past the count read.
        for (var i = Math.Max(count, 2); i < stored; i++)
        {
            RiceGroups.Read(ref reader, ref parameter, ref left);
        }

        parameter = 0;
        left = 0;
        values[0] = Decode(integer, scale);
        if (count > 1)
        {
            integer = unchecked(integer + valueDelta);
            values[1] = Decode(integer, scale);
        }

        for (var i = 2; i < count; i++)
        {
            AddResidual(Unzigzag(RiceGroups.Read(ref reader, ref parameter, ref left)), order, ref valueDelta, ref integer);

            values[i] = Decode(integer, scale);
        }
    }

    /// <summary>Applies one value residual: a change of the delta when the order is 2, else a change of the value itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddResidual(long residual, int order, ref long delta, ref long value)
    {
        if (order == 2)
        {
            delta = unchecked(delta + residual);
            value = unchecked(value + delta);
        }
        else
        {
            value = unchecked(value + residual);
        }
    }

    private static long Unzigzag(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);
}

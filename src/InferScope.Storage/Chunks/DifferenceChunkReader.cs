namespace InferScope.Storage.Chunks;

/// <summary>Decodes a <see cref="ChunkEncoding.PackedDifference"/> chunk sample by sample, adding each difference to the base's value.</summary>
internal struct DifferenceChunkReader
{
    private readonly DecodedChunk baseChunk;
    private readonly int count;
    private readonly int scale;
    private readonly int order;
    private readonly long firstDelta;
    private BitReader values;
    private int index;
    private long difference;
    private long delta;
    private int parameter;
    private int left;

    public DifferenceChunkReader(in ChunkSnapshot chunk)
    {
        baseChunk = chunk.Base?.Decode() ?? throw new InvalidDataException("A difference chunk was read without its base chunk; the block is damaged.");
        count = chunk.Count;
        if (baseChunk.Timestamps.Length < count)
        {
            throw new InvalidDataException($"A difference chunk of {count} samples has a base of {baseChunk.Timestamps.Length}; the block is damaged.");
        }

        values = new BitReader(chunk.Data);
        (order, scale, difference, firstDelta) = ReadHeader(ref values);
        index = -1;
    }

    public readonly long Timestamp => baseChunk.Timestamps[Math.Max(index, 0)];

    public double Value { get; private set; }

    public bool MoveNext()
    {
        if (index + 1 >= count)
        {
            return false;
        }

        index++;
        if (index == 1)
        {
            delta = firstDelta;
            difference = unchecked(difference + delta);
        }
        else if (index > 1)
        {
            var raw = RiceGroups.Read(ref values, ref parameter, ref left);
            var residual = (long)(raw >> 1) ^ -(long)(raw & 1);
            PackedChunkReader.AddResidual(residual, order, ref delta, ref difference);
        }

        var scaled = unchecked(DifferenceChunkWriter.Scaled(baseChunk.Values[index], scale) + difference);
        Value = PackedChunkReader.Decode(scaled, scale);
        return true;
    }

    /// <summary>Decodes the first <c>timestamps.Length</c> samples of a chunk against its decoded base.</summary>
    public static void DecodeAll(in ChunkSnapshot chunk, Span<long> timestamps, Span<double> values)
    {
        var baseChunk = chunk.Base?.Decode() ?? throw new InvalidDataException("A difference chunk was read without its base chunk; the block is damaged.");
        DecodeAll(chunk, baseChunk.Timestamps, baseChunk.Values, timestamps, values);
    }

    /// <summary>
    /// Decodes the first <c>timestamps.Length</c> samples of a chunk against its base, given as the
    /// base's decoded timestamps and values.
    /// </summary>
    public static void DecodeAll(in ChunkSnapshot chunk, ReadOnlySpan<long> baseTimestamps, ReadOnlySpan<double> baseValues, Span<long> timestamps, Span<double> values)
    {
        var count = timestamps.Length;
        if (baseTimestamps.Length < count || baseValues.Length < count || values.Length < count)
        {
            throw new InvalidDataException($"A difference chunk of {count} samples has a base of {Math.Min(baseTimestamps.Length, baseValues.Length)}; the block is damaged.");
        }

        var bits = new BitReader(chunk.Data);
        var (order, scale, difference, delta) = ReadHeader(ref bits);
        baseTimestamps[..count].CopyTo(timestamps);
        int parameter = 0, left = 0;
        for (var i = 0; i < count; i++)
        {
            if (i == 1)
            {
                difference = unchecked(difference + delta);
            }
            else if (i > 1)
            {
                var raw = RiceGroups.Read(ref bits, ref parameter, ref left);
                var residual = (long)(raw >> 1) ^ -(long)(raw & 1);
                PackedChunkReader.AddResidual(residual, order, ref delta, ref difference);
            }

            values[i] = PackedChunkReader.Decode(unchecked(DifferenceChunkWriter.Scaled(baseValues[i], scale) + difference), scale);
        }
    }

    /// <summary>Reads the chunk header up to the first residual: the coding order, the decimal scale, the first difference and the first delta.</summary>
    private static (int Order, int Scale, long Difference, long FirstDelta) ReadHeader(ref BitReader bits)
    {
        bits.ReadBits(16);
        bits.ReadUvarint();
        bits.ReadUvarint();
        var mode = (int)bits.ReadBits(8);
        var scale = mode & 31;
        if (scale > PackedChunkWriter.MaxScale)
        {
            throw new InvalidDataException($"A difference chunk has decimal scale {scale}, above the maximum of {PackedChunkWriter.MaxScale}; the block is damaged.");
        }

        var difference = bits.ReadVarint();
        var firstDelta = bits.ReadVarint();
        return (mode >> 5, scale, difference, firstDelta);
    }
}

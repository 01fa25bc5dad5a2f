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
        values.ReadBits(16);
        values.ReadUvarint();
        values.ReadUvarint();
        var mode = (int)values.ReadBits(8);
        order = mode >> 5;
        scale = mode & 31;
        if (scale > PackedChunkWriter.MaxScale)
        {
            throw new InvalidDataException($"A difference chunk has decimal scale {scale}, above the maximum of {PackedChunkWriter.MaxScale}; the block is damaged.");
        }

        difference = values.ReadVarint();
        firstDelta = values.ReadVarint();
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
        var reader = new DifferenceChunkReader(chunk);
        var count = timestamps.Length;
        reader.baseChunk.Timestamps.AsSpan(0, count).CopyTo(timestamps);
        var baseValues = reader.baseChunk.Values;
        var scale = reader.scale;
        var difference = reader.difference;
        var delta = reader.firstDelta;
        var bits = reader.values;
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
                PackedChunkReader.AddResidual(residual, reader.order, ref delta, ref difference);
            }

            values[i] = PackedChunkReader.Decode(unchecked(DifferenceChunkWriter.Scaled(baseValues[i], scale) + difference), scale);
        }
    }
}

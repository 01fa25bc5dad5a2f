namespace InferScope.Storage.Chunks;

/// <summary>
/// Encodes a run of samples as a <see cref="ChunkEncoding.PackedDifference"/> chunk: the scaled
/// integers of its values less those of a base chunk with the same timestamps. For a cumulative
/// histogram bucket coded against the bucket below it, the differences are the counts of one
/// bucket alone, which are smaller and steadier than the cumulative counts.
/// </summary>
/// <remarks>
/// The chunk starts with the big-endian 16-bit sample count, then the base's series number in the
/// block and its chunk number within that series as varints. A byte with the order (high 3 bits)
/// and the decimal scale (low 5 bits) follows, then the first difference and the change to the
/// second as zigzag varints. One Rice-coded stream of differences of the given order covers the
/// third sample on. Timestamps are not stored because they are the base's.
/// </remarks>
internal static class DifferenceChunkWriter
{
    /// <summary>Returns the encoded chunk, or null when the two runs do not share timestamps or a decimal scale.</summary>
    public static byte[]? TryEncode(
        ReadOnlySpan<long> timestamps,
        ReadOnlySpan<double> values,
        DecodedChunk baseChunk,
        int baseSeries,
        int baseChunkIndex)
    {
        if (timestamps.Length < 3 || timestamps.Length > ushort.MaxValue || !timestamps.SequenceEqual(baseChunk.Timestamps))
        {
            return null;
        }

        var ownScale = PackedChunkWriter.FindScale(values);
        var baseScale = PackedChunkWriter.FindScale(baseChunk.Values);
        if (ownScale < 0 || baseScale < 0)
        {
            return null;
        }

        var scale = Math.Max(ownScale, baseScale);
        var differences = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!PackedChunkWriter.IsExact(values[i], scale) || !PackedChunkWriter.IsExact(baseChunk.Values[i], scale))
            {
                return null;
            }

            differences[i] = Scaled(values[i], scale) - Scaled(baseChunk.Values[i], scale);
        }

        var delta = PackedChunkWriter.Residuals(differences, order: 1);
        var deltaOfDelta = PackedChunkWriter.Residuals(differences, order: 2);
        var order = RiceGroups.Cost(deltaOfDelta) < RiceGroups.Cost(delta) ? 2 : 1;

        var writer = new BitWriter(16 + (values.Length / 4));
        writer.WriteBits((ulong)timestamps.Length, 16);
        writer.WriteUvarint((ulong)baseSeries);
        writer.WriteUvarint((ulong)baseChunkIndex);
        writer.WriteByte((byte)((order << 5) | scale));
        writer.WriteVarint(differences[0]);
        writer.WriteVarint(differences[1] - differences[0]);
        RiceGroups.Write(writer, order == 2 ? deltaOfDelta : delta);
        return writer.ToArray();
    }

    /// <summary>Returns the base series and chunk numbers a <see cref="ChunkEncoding.PackedDifference"/> chunk names.</summary>
    public static (int Series, int Chunk) ReadBase(ReadOnlyMemory<byte> data)
    {
        var header = new BitReader(data);
        header.ReadBits(16);
        var series = header.ReadUvarint();
        var chunk = header.ReadUvarint();
        if (series > int.MaxValue || chunk > int.MaxValue)
        {
            throw new InvalidDataException($"A difference chunk names base series {series}, chunk {chunk}, which cannot exist; the block is damaged.");
        }

        return ((int)series, (int)chunk);
    }

    /// <summary>Returns the value times 10^scale as an integer; callers check with <see cref="PackedChunkWriter.IsExact"/> first.</summary>
    internal static long Scaled(double value, int scale) => (long)Math.Round(value * PackedChunkWriter.PowersOfTen[scale]);
}

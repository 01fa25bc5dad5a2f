using InferScope.Model.Histograms;
using InferScope.Storage.Wal;

namespace InferScope.Storage.Chunks;

/// <summary>
/// Encodes one native histogram for chunks and the write-ahead log. The schema is a zigzag varint
/// and the counter-reset hint a byte. The zero threshold, zero count, count and sum follow as raw
/// 64-bit floats. Then come the positive spans and counts, the negative spans and counts, and the
/// custom bounds, each list after its length. Floats are kept bit for bit, so a stale sum survives.
/// </summary>
internal static class FloatHistogramCodec
{
    public static void Write(RecordBuffer buffer, FloatHistogram histogram)
    {
        buffer.WriteVarint(histogram.Schema);
        buffer.WriteByte((byte)histogram.CounterResetHint);
        WriteFloat(buffer, histogram.ZeroThreshold);
        WriteFloat(buffer, histogram.ZeroCount);
        WriteFloat(buffer, histogram.Count);
        WriteFloat(buffer, histogram.Sum);
        WriteSpans(buffer, histogram.PositiveSpans);
        WriteFloats(buffer, histogram.PositiveBuckets);
        WriteSpans(buffer, histogram.NegativeSpans);
        WriteFloats(buffer, histogram.NegativeBuckets);
        WriteFloats(buffer, histogram.CustomValues);
    }

    public static FloatHistogram Read(ref RecordReader reader)
    {
        var schema = checked((int)reader.ReadVarint());
        var hint = (CounterResetHint)reader.ReadByte();
        return new FloatHistogram
        {
            Schema = schema,
            CounterResetHint = hint,
            ZeroThreshold = ReadFloat(ref reader),
            ZeroCount = ReadFloat(ref reader),
            Count = ReadFloat(ref reader),
            Sum = ReadFloat(ref reader),
            PositiveSpans = ReadSpans(ref reader),
            PositiveBuckets = ReadFloats(ref reader),
            NegativeSpans = ReadSpans(ref reader),
            NegativeBuckets = ReadFloats(ref reader),
            CustomValues = ReadFloats(ref reader),
        };
    }

    private static void WriteFloat(RecordBuffer buffer, double value) => buffer.WriteUInt64(BitConverter.DoubleToUInt64Bits(value));

    private static double ReadFloat(ref RecordReader reader) => BitConverter.UInt64BitsToDouble(reader.ReadUInt64());

    private static void WriteSpans(RecordBuffer buffer, IReadOnlyList<BucketSpan> spans)
    {
        buffer.WriteUvarint((ulong)spans.Count);
        foreach (var span in spans)
        {
            buffer.WriteVarint(span.Offset);
            buffer.WriteUvarint((ulong)span.Length);
        }
    }

    private static BucketSpan[] ReadSpans(ref RecordReader reader)
    {
        var count = ReadLength(ref reader);
        var spans = new BucketSpan[count];
        for (var i = 0; i < count; i++)
        {
            spans[i] = new BucketSpan(checked((int)reader.ReadVarint()), ReadLength(ref reader));
        }

        return spans;
    }

    private static void WriteFloats(RecordBuffer buffer, IReadOnlyList<double> values)
    {
        buffer.WriteUvarint((ulong)values.Count);
        foreach (var value in values)
        {
            WriteFloat(buffer, value);
        }
    }

    private static double[] ReadFloats(ref RecordReader reader)
    {
        var count = ReadLength(ref reader);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadFloat(ref reader);
        }

        return values;
    }

    private static int ReadLength(ref RecordReader reader)
    {
        var length = reader.ReadUvarint();
        return length <= 1 << 20 ? (int)length : throw new InvalidDataException($"Native histogram list length {length} is over the limit of {1 << 20}; the data is corrupt.");
    }
}

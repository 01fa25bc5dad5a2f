using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Wal;

/// <summary>Encodes and decodes the series and samples records of the log.</summary>
internal static class WalRecords
{
    public static void WriteSeries(RecordBuffer buffer, IReadOnlyList<(ulong Ref, Labels Labels)> series)
    {
        buffer.WriteByte((byte)WalRecordType.Series);
        buffer.WriteUvarint((ulong)series.Count);
        foreach (var (reference, labels) in series)
        {
            buffer.WriteUvarint(reference);
            buffer.WriteUvarint((ulong)labels.Count);
            foreach (var label in labels)
            {
                buffer.WriteString(label.Name);
                buffer.WriteString(label.Value);
            }
        }
    }

    /// <summary>Writes samples with each reference and timestamp as a delta from the first sample's.</summary>
    public static void WriteSamples(RecordBuffer buffer, ReadOnlySpan<WalSample> samples)
    {
        buffer.WriteByte((byte)WalRecordType.Samples);
        buffer.WriteUvarint((ulong)samples.Length);
        if (samples.Length == 0)
        {
            return;
        }

        var baseRef = samples[0].Ref;
        var baseTime = samples[0].Timestamp;
        buffer.WriteUvarint(baseRef);
        buffer.WriteVarint(baseTime);
        foreach (var sample in samples)
        {
            buffer.WriteVarint((long)(sample.Ref - baseRef));
            buffer.WriteVarint(sample.Timestamp - baseTime);
            buffer.WriteUInt64(sample.ValueBits);
        }
    }

    public static List<(ulong Ref, Labels Labels)> ReadSeries(ref RecordReader reader)
    {
        var count = (int)Math.Min(reader.ReadUvarint(), 1 << 24);
        var result = new List<(ulong, Labels)>(count);
        for (var i = 0; i < count; i++)
        {
            var reference = reader.ReadUvarint();
            var labelCount = (int)reader.ReadUvarint();
            var labels = new Label[labelCount];
            for (var j = 0; j < labelCount; j++)
            {
                labels[j] = new Label(reader.ReadString(), reader.ReadString());
            }

            result.Add((reference, Labels.FromSortedUnchecked(labels)));
        }

        return result;
    }

    public static List<WalSample> ReadSamples(ref RecordReader reader)
    {
        var count = (int)Math.Min(reader.ReadUvarint(), 1 << 26);
        var result = new List<WalSample>(count);
        if (count == 0)
        {
            return result;
        }

        var baseRef = reader.ReadUvarint();
        var baseTime = reader.ReadVarint();
        for (var i = 0; i < count; i++)
        {
            var reference = baseRef + (ulong)reader.ReadVarint();
            var timestamp = baseTime + reader.ReadVarint();
            result.Add(new WalSample(reference, timestamp, reader.ReadUInt64()));
        }

        return result;
    }

    /// <summary>Writes histogram samples, each with its reference and timestamp in full and the histogram encoded by <see cref="FloatHistogramCodec"/>.</summary>
    public static void WriteHistogramSamples(RecordBuffer buffer, IReadOnlyList<(ulong Ref, long Timestamp, FloatHistogram Histogram)> samples)
    {
        buffer.WriteByte((byte)WalRecordType.HistogramSamples);
        buffer.WriteUvarint((ulong)samples.Count);
        foreach (var (reference, timestamp, histogram) in samples)
        {
            buffer.WriteUvarint(reference);
            buffer.WriteVarint(timestamp);
            FloatHistogramCodec.Write(buffer, histogram);
        }
    }

    public static List<(ulong Ref, long Timestamp, FloatHistogram Histogram)> ReadHistogramSamples(ref RecordReader reader)
    {
        var count = (int)Math.Min(reader.ReadUvarint(), 1 << 24);
        var result = new List<(ulong, long, FloatHistogram)>(count);
        for (var i = 0; i < count; i++)
        {
            var reference = reader.ReadUvarint();
            var timestamp = reader.ReadVarint();
            result.Add((reference, timestamp, FloatHistogramCodec.Read(ref reader)));
        }

        return result;
    }
}

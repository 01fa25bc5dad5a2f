namespace InferScope.Storage.Wal;

/// <summary>Rewrites one record for a checkpoint, keeping only the series and samples still needed.</summary>
internal static class WalCheckpointFilter
{
    /// <summary>Writes the filtered record to <paramref name="output"/>, which holds at most the type byte when nothing is kept.</summary>
    public static void Filter(ReadOnlySpan<byte> payload, Func<ulong, bool> keepSeries, long minTime, RecordBuffer output)
    {
        output.Clear();
        var reader = new RecordReader(payload);
        var type = (WalRecordType)reader.ReadByte();
        switch (type)
        {
            case WalRecordType.Series:
                var series = WalRecords.ReadSeries(ref reader).FindAll(s => keepSeries(s.Ref));
                if (series.Count > 0)
                {
                    WalRecords.WriteSeries(output, series);
                }

                break;
            case WalRecordType.Samples:
                var samples = WalRecords.ReadSamples(ref reader).FindAll(s => s.Timestamp >= minTime && keepSeries(s.Ref));
                if (samples.Count > 0)
                {
                    WalRecords.WriteSamples(output, [.. samples]);
                }

                break;
            case WalRecordType.HistogramSamples:
                var histograms = WalRecords.ReadHistogramSamples(ref reader).FindAll(s => s.Timestamp >= minTime && keepSeries(s.Ref));
                if (histograms.Count > 0)
                {
                    WalRecords.WriteHistogramSamples(output, histograms);
                }

                break;
            default:
                // An unknown record type from a newer version is kept as it is.
                output.WriteBytes(payload);
                break;
        }
    }
}

using InferScope.Storage.Head;
using InferScope.Storage.Wal;
using Microsoft.Extensions.Logging;

namespace InferScope.Storage;

/// <summary>Rebuilding the head from the write-ahead log when a store opens.</summary>
public sealed partial class Tsdb
{
    private void ReplayWal()
    {
        var started = Options.TimeProvider.GetTimestamp();
        var seriesByRef = new Dictionary<ulong, MemSeries>();
        long samples = 0, skipped = 0;
        var minValid = head.MinValidTime;
        void OnRecord(ReadOnlySpan<byte> payload)
        {
            var reader = new RecordReader(payload);
            switch ((WalRecordType)reader.ReadByte())
            {
                case WalRecordType.Series:
                    foreach (var (reference, labels) in WalRecords.ReadSeries(ref reader))
                    {
                        // A label set logged twice under two references maps both to one series.
                        seriesByRef[reference] = head.ReplaySeries(reference, labels);
                    }

                    break;
                case WalRecordType.Samples:
                    foreach (var sample in WalRecords.ReadSamples(ref reader))
                    {
                        if (sample.Timestamp < minValid || !seriesByRef.TryGetValue(sample.Ref, out var series)
                            || !head.ReplaySample(series, sample.Timestamp, sample.ValueBits))
                        {
                            skipped++;
                            continue;
                        }

                        samples++;
                    }

                    break;
                case WalRecordType.HistogramSamples:
                    foreach (var (reference, timestamp, histogram) in WalRecords.ReadHistogramSamples(ref reader))
                    {
                        if (timestamp < minValid || !seriesByRef.TryGetValue(reference, out var series)
                            || !head.ReplayHistogram(series, timestamp, histogram))
                        {
                            skipped++;
                            continue;
                        }

                        samples++;
                    }

                    break;
                default:
                    skipped++;
                    break;
            }
        }

        wal = WriteAheadLog.OpenAndReplay(Path.Combine(Directory!, "wal"), Options, logger, OnRecord);
        head.Wal = wal;
        LogReplayed(logger, samples, head.SeriesCount, skipped, Options.TimeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed the write-ahead log: {Samples} samples in {Series} series, {Skipped} samples skipped, in {ElapsedMs:F0} ms")]
    private static partial void LogReplayed(ILogger logger, long samples, long series, long skipped, double elapsedMs);
}

using System.Globalization;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;

namespace InferScope.Storage.Tests;

/// <summary>
/// The child process of the crash test: appends batches to a store forever and prints
/// <c>ack TIMESTAMP</c> after each commit returns, so the parent can tell which batches a client
/// would have seen acknowledged. Sample values are a function of series and timestamp. Beside the
/// float series, one series has native histograms and one switches between floats and histograms.
/// </summary>
internal static class CrashWriter
{
    public const string Command = "crash-writer";
    public const int SeriesCount = 40;
    public const int HistogramSeriesCount = 2;
    public const long StartTime = 1_700_000_000_000;
    public const long Step = 250;

    public static TsdbOptions StoreOptions() => new()
    {
        TooNewTolerance = null,
        BlockDuration = TimeSpan.FromMinutes(1),
        CompactionInterval = TimeSpan.FromMilliseconds(50),
        WalSegmentSizeBytes = 64 * 1024,
        SamplesPerChunk = 30,
    };

    public static Labels SeriesLabels(int index) =>
        Labels.FromPairs("__name__", "crash_test", "series", index.ToString(CultureInfo.InvariantCulture));

    public static Labels HistogramSeriesLabels(int index) =>
        Labels.FromPairs("__name__", "crash_test_histogram", "series", index.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Returns the sample histogram series <paramref name="index"/> has at <paramref name="timestamp"/>:
    /// a counter histogram that resets every 50 steps and is stale every 13th step. Series 1 has a
    /// float instead in 3 of every 7 steps.
    /// </summary>
    public static (double Value, FloatHistogram? Histogram) HistogramSampleOf(int index, long timestamp)
    {
        var step = (timestamp - StartTime) / Step;
        if (index == 1 && step % 7 < 3)
        {
            return (step * 0.5, null);
        }

        if (step % 13 == 5)
        {
            return (double.NaN, new FloatHistogram { Sum = StaleMarker.Value });
        }

        var n = (step % 50) + 1;
        var zeroCount = n / 4.0;
        return (double.NaN, FloatHistogram.FromBuckets(2, 0.01, zeroCount, zeroCount + (3 * n) + 1, n * 0.37, [(-1, n), (4, 2 * n)], [(1, 1)]));
    }

    /// <summary>Returns the value series <paramref name="index"/> has at <paramref name="timestamp"/>, staleness markers and NaN payloads included.</summary>
    public static double ValueOf(int index, long timestamp)
    {
        var step = (timestamp - StartTime) / Step;
        return ((step + index) % 13) switch
        {
            0 => StaleMarker.Value,
            1 => BitConverter.UInt64BitsToDouble(0x7ff8000000000000UL + (uint)index),
            2 => step,
            _ => Math.Sin(step * 0.1 + index) * 1e3,
        };
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var directory = args[0];
        using var store = Tsdb.Open(directory, StoreOptions());
        var timestamp = StartTime;
        using (var querier = store.CreateQuerier(long.MinValue, long.MaxValue))
        {
            foreach (var series in querier.Select([Matcher.Equal("__name__", "crash_test")]))
            {
                var iterator = series.CreateIterator();
                while (iterator.MoveNext())
                {
                    timestamp = Math.Max(timestamp, iterator.Timestamp + Step);
                }
            }
        }

        await Console.Out.WriteLineAsync("ready").ConfigureAwait(false);
        while (true)
        {
            using var appender = store.CreateAppender();
            for (var i = 0; i < SeriesCount; i++)
            {
                var status = appender.Append(SeriesLabels(i), timestamp, ValueOf(i, timestamp));
                if (status != AppendStatus.Ok)
                {
                    await Console.Error.WriteLineAsync($"append of series {i} at {timestamp} returned {status}").ConfigureAwait(false);
                    return 1;
                }
            }

            for (var i = 0; i < HistogramSeriesCount; i++)
            {
                var (value, histogram) = HistogramSampleOf(i, timestamp);
                var labels = HistogramSeriesLabels(i);
                var status = histogram is null ? appender.Append(labels, timestamp, value) : appender.AppendHistogram(labels, timestamp, histogram);
                if (status != AppendStatus.Ok)
                {
                    await Console.Error.WriteLineAsync($"append of histogram series {i} at {timestamp} returned {status}").ConfigureAwait(false);
                    return 1;
                }
            }

            await appender.CommitAsync().ConfigureAwait(false);
            await Console.Out.WriteLineAsync("ack " + timestamp.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            await Console.Out.FlushAsync().ConfigureAwait(false);
            timestamp += Step;
        }
    }
}

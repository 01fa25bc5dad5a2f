using System.Globalization;
using System.Text;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;

namespace InferScope.Storage.Tests;

/// <summary>
/// A fixed set of series with native histograms for block and log tests, and a reader that renders
/// every stored sample with the raw bits of its floats, so a comparison is bit for bit.
/// </summary>
internal static class HistogramWorkload
{
    /// <summary>The time between samples, so a one-minute block has 12 of each series.</summary>
    public const long StepMs = 5000;

    /// <summary>The sample number at which <see cref="Counter"/> starts again from small counts.</summary>
    public const int ResetAt = 20;

    /// <summary>The sample number at which <see cref="Counter"/> gets a stale histogram.</summary>
    public const int StaleAt = 30;

    /// <summary>An exponential counter histogram with a reset, a stale sample and explicit hints.</summary>
    public static readonly Labels Counter = Labels.FromPairs("__name__", "native_latency_seconds", "kind", "counter");

    /// <summary>A gauge histogram whose counts go up and down.</summary>
    public static readonly Labels Gauge = Labels.FromPairs("__name__", "native_queue_depth", "kind", "gauge");

    /// <summary>A counter histogram with custom bucket bounds (schema −53).</summary>
    public static readonly Labels Custom = Labels.FromPairs("__name__", "native_custom_seconds", "kind", "custom");

    /// <summary>A series that switches between floats and histograms, with a stale marker of each kind.</summary>
    public static readonly Labels Mixed = Labels.FromPairs("__name__", "native_mixed", "kind", "mixed");

    /// <summary>A float-only counter beside the histograms.</summary>
    public static readonly Labels Plain = Labels.FromPairs("__name__", "plain_total", "kind", "float");

    private static readonly double[] CustomBounds = [0.1, 0.5, 1, 5];

    /// <summary>Returns the counter histogram for sample <paramref name="i"/>.</summary>
    public static FloatHistogram CounterAt(int i)
    {
        if (i == StaleAt)
        {
            return new FloatHistogram { Sum = StaleMarker.Value };
        }

        // From the reset on, counts start again from a small value.
        var n = i < ResetAt ? i + 10 : i - ResetAt + 1;
        var hint = i switch
        {
            5 => CounterResetHint.NotCounterReset,
            ResetAt => CounterResetHint.CounterReset,
            _ => CounterResetHint.Unknown,
        };

        // Positive buckets -2, -1, 3, 4 and 5 make two spans. Negative buckets 0 and 7 make two more.
        double[] positive = [n, 2 * n, 0.5 * n, n + 0.25, 3];
        double[] negative = [n / 4.0, 1];
        var zeroCount = n / 8.0;
        var count = zeroCount + positive.Sum() + negative.Sum();
        return FloatHistogram.FromBuckets(
            3,
            0.001,
            zeroCount,
            count,
            (n * 1.7) - 0.3,
            [(-2, positive[0]), (-1, positive[1]), (3, positive[2]), (4, positive[3]), (5, positive[4])],
            [(0, negative[0]), (7, negative[1])],
            hint: hint);
    }

    /// <summary>Returns the gauge histogram for sample <paramref name="i"/>.</summary>
    public static FloatHistogram GaugeAt(int i)
    {
        var level = (i % 7) + 0.5;
        return FloatHistogram.FromBuckets(0, 0, 0.125, level + 1.125, -level, [(1, level), (2, 1)], [], hint: CounterResetHint.Gauge);
    }

    /// <summary>Returns the custom-bucket histogram for sample <paramref name="i"/>.</summary>
    public static FloatHistogram CustomAt(int i) =>
        FloatHistogram.FromBuckets(FloatHistogram.CustomBucketsSchema, 0, 0, 4.0 * (i + 1), i * 0.1, [(0, i + 1), (1, i + 1), (3, 2 * (i + 1))], [], CustomBounds);

    /// <summary>
    /// Returns the mixed series' sample <paramref name="i"/>: floats for the first four of every
    /// ten, histograms for the rest, a stale histogram at 25 and a stale float at 37.
    /// </summary>
    public static (double Value, FloatHistogram? Histogram) MixedAt(int i)
    {
        if (i == 25)
        {
            return (double.NaN, new FloatHistogram { Sum = StaleMarker.Value });
        }

        if (i == 37)
        {
            return (StaleMarker.Value, null);
        }

        return i % 10 < 4 ? (Math.Sqrt(i) + 0.1, null) : (double.NaN, CounterAt(i % 10));
    }

    /// <summary>Appends samples <paramref name="from"/> to <paramref name="to"/> (exclusive) of every series, one commit per timestamp.</summary>
    public static async Task AppendAsync(IAppendable store, int from, int to, long startMs = 0, Func<int, bool>? include = null)
    {
        for (var i = from; i < to; i++)
        {
            if (include is not null && !include(i))
            {
                continue;
            }

            var timestamp = startMs + (i * StepMs);
            using var appender = store.CreateAppender();
            Assert.Equal(AppendStatus.Ok, appender.AppendHistogram(Counter, timestamp, CounterAt(i)));
            Assert.Equal(AppendStatus.Ok, appender.AppendHistogram(Gauge, timestamp, GaugeAt(i)));
            Assert.Equal(AppendStatus.Ok, appender.AppendHistogram(Custom, timestamp, CustomAt(i)));
            var (value, histogram) = MixedAt(i);
            var status = histogram is null ? appender.Append(Mixed, timestamp, value) : appender.AppendHistogram(Mixed, timestamp, histogram);
            Assert.Equal(AppendStatus.Ok, status);
            Assert.Equal(AppendStatus.Ok, appender.Append(Plain, timestamp, i * 3.5));
            await appender.CommitAsync();
        }
    }

    /// <summary>Reads every series in the range and renders each sample, including counter-reset hints.</summary>
    public static Dictionary<Labels, List<string>> Read(Model.Storage.IQueryable store, long minTime = long.MinValue, long maxTime = long.MaxValue) =>
        Read(store, minTime, maxTime, withHints: true);

    /// <summary>Reads every series and renders each sample without counter-reset hints, which the head may rewrite.</summary>
    public static Dictionary<Labels, List<string>> ReadValues(Model.Storage.IQueryable store) =>
        Read(store, long.MinValue, long.MaxValue, withHints: false);

    /// <summary>Renders a float sample with the raw bits of its value.</summary>
    public static string Render(long timestamp, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{timestamp} float {Bits(value)}");

    /// <summary>Renders a histogram sample with the raw bits of every float in it.</summary>
    public static string Render(long timestamp, FloatHistogram histogram, bool withHint = true)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{timestamp} histogram schema={histogram.Schema}");
        if (withHint)
        {
            text.Append(CultureInfo.InvariantCulture, $" hint={histogram.CounterResetHint}");
        }

        text.Append(CultureInfo.InvariantCulture, $" zt={Bits(histogram.ZeroThreshold)} zc={Bits(histogram.ZeroCount)}");
        text.Append(CultureInfo.InvariantCulture, $" count={Bits(histogram.Count)} sum={Bits(histogram.Sum)}");
        text.Append(" pos=").AppendJoin(',', histogram.PositiveSpans.Select(s => $"{s.Offset}:{s.Length}"));
        text.Append(" posb=").AppendJoin(',', histogram.PositiveBuckets.Select(Bits));
        text.Append(" neg=").AppendJoin(',', histogram.NegativeSpans.Select(s => $"{s.Offset}:{s.Length}"));
        text.Append(" negb=").AppendJoin(',', histogram.NegativeBuckets.Select(Bits));
        text.Append(" custom=").AppendJoin(',', histogram.CustomValues.Select(Bits));
        return text.ToString();
    }

    private static Dictionary<Labels, List<string>> Read(Model.Storage.IQueryable store, long minTime, long maxTime, bool withHints)
    {
        using var querier = store.CreateQuerier(minTime, maxTime);
        var result = new Dictionary<Labels, List<string>>();
        foreach (var series in querier.Select(BlockTests.AllSeries))
        {
            var samples = new List<string>();
            var iterator = series.CreateIterator();
            while (iterator.MoveNext())
            {
                samples.Add(iterator.Kind == SampleKind.Histogram
                    ? Render(iterator.Timestamp, iterator.Histogram!, withHints)
                    : Render(iterator.Timestamp, iterator.Value));
            }

            result.Add(series.Labels, samples);
        }

        return result;
    }

    private static string Bits(double value) => BitConverter.DoubleToUInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);
}

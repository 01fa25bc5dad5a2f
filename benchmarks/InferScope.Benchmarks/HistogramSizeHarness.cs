using System.Globalization;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;
using InferScope.Storage;

namespace InferScope.Benchmarks;

/// <summary>
/// Measures the block bytes of native histogram samples, and of the same observations stored as
/// classic histogram series (cumulative <c>_bucket</c> series at the same bounds, <c>_count</c> and
/// <c>_sum</c>). Each series observes latencies with a log-normal spread, about 40 per step.
/// Run: <c>dotnet run -c Release --project benchmarks/InferScope.Benchmarks -- histogram-size [series] [interval-seconds] [schema]</c>.
/// </summary>
internal static class HistogramSizeHarness
{
    public const string Command = "histogram-size";

    private static readonly TimeSpan Range = TimeSpan.FromHours(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var seriesCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var intervalSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var schema = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        var work = Path.Combine(Path.GetTempPath(), "inferscope-histogram-size-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var steps = (int)(Range.TotalSeconds / intervalSeconds) + 1;
            var native = Path.Combine(work, "native");
            var classic = Path.Combine(work, "classic");
            using (var nativeStore = Tsdb.Open(native, Options()))
            using (var classicStore = Tsdb.Open(classic, Options()))
            {
                var (buckets, classicSeries) = await AppendAsync(nativeStore, classicStore, seriesCount, steps, intervalSeconds * 1000L, schema);
                await nativeStore.FlushHeadAsync();
                await classicStore.FlushHeadAsync();
                var histogramSamples = (long)seriesCount * (steps - 1);
                var nativeBytes = BlockBytes(native);
                var classicBytes = BlockBytes(classic);
                Console.WriteLine($"dataset: {seriesCount} series, 2 h at {intervalSeconds} s, schema {schema}: {histogramSamples} histogram samples in the block, {buckets} populated buckets at the end");
                Console.WriteLine($"native: {nativeBytes} bytes, {(double)nativeBytes / histogramSamples:F1} bytes/histogram sample");
                Console.WriteLine($"classic: {classicBytes} bytes in {classicSeries} series, {(double)classicBytes / histogramSamples:F1} bytes/histogram sample");
                Console.WriteLine($"ratio native/classic: {(double)nativeBytes / classicBytes:F2}");
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static TsdbOptions Options() => new()
    {
        TooNewTolerance = null,
        BlockDuration = Range,
        CompactionInterval = TimeSpan.FromDays(1),
    };

    /// <summary>Appends every step of every series to both stores; returns the populated bucket count and the classic series count.</summary>
    private static async Task<(int Buckets, int ClassicSeries)> AppendAsync(Tsdb native, Tsdb classic, int seriesCount, int steps, long intervalMs, int schema)
    {
        var random = new Random(20261204);
        var counts = new SortedDictionary<int, double>[seriesCount];
        var sums = new double[seriesCount];
        var totals = new double[seriesCount];
        var classicLabels = new HashSet<Labels>();
        for (var s = 0; s < seriesCount; s++)
        {
            counts[s] = [];
        }

        for (var step = 0; step < steps; step++)
        {
            var timestamp = step * intervalMs;
            using var nativeAppender = native.CreateAppender();
            using var classicAppender = classic.CreateAppender();
            for (var s = 0; s < seriesCount; s++)
            {
                Observe(random, counts[s], ref sums[s], ref totals[s], schema, s);
                var histogram = FloatHistogram.FromBuckets(schema, 0, 0, totals[s], sums[s], counts[s].Select(b => (b.Key, b.Value)), []);
                var instance = s.ToString(CultureInfo.InvariantCulture);
                Check(nativeAppender.AppendHistogram(Labels.FromPairs("__name__", "latency_seconds", "instance", instance), timestamp, histogram));
                AppendClassic(classicAppender, histogram, instance, timestamp, classicLabels);
            }

            await nativeAppender.CommitAsync();
            await classicAppender.CommitAsync();
        }

        return (counts.Sum(c => c.Count), classicLabels.Count);
    }

    /// <summary>Adds about 40 log-normal latencies around 0.2 s to one series' buckets.</summary>
    private static void Observe(Random random, SortedDictionary<int, double> counts, ref double sum, ref double total, int schema, int series)
    {
        var observations = 30 + random.Next(21);
        var median = Math.Log(0.2 * (1 + (series % 5 * 0.1)));
        for (var i = 0; i < observations; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var value = Math.Exp(median + (0.8 * normal));
            var index = (int)Math.Ceiling(Math.Log2(value) * Math.Pow(2, schema));
            counts[index] = counts.GetValueOrDefault(index) + 1;
            sum += value;
            total++;
        }
    }

    /// <summary>Appends the histogram as cumulative buckets at its populated upper bounds, a +Inf bucket, a count and a sum.</summary>
    private static void AppendClassic(IAppender appender, FloatHistogram histogram, string instance, long timestamp, HashSet<Labels> labels)
    {
        double cumulative = 0;
        foreach (var (bucketIndex, count) in histogram.PositiveIndexed())
        {
            cumulative += count;
            var bound = histogram.UpperBound(bucketIndex).ToString("R", CultureInfo.InvariantCulture);
            Append(appender, Labels.FromPairs("__name__", "latency_seconds_bucket", "instance", instance, "le", bound), timestamp, cumulative, labels);
        }

        Append(appender, Labels.FromPairs("__name__", "latency_seconds_bucket", "instance", instance, "le", "+Inf"), timestamp, histogram.Count, labels);
        Append(appender, Labels.FromPairs("__name__", "latency_seconds_count", "instance", instance), timestamp, histogram.Count, labels);
        Append(appender, Labels.FromPairs("__name__", "latency_seconds_sum", "instance", instance), timestamp, histogram.Sum, labels);
    }

    private static void Append(IAppender appender, Labels series, long timestamp, double value, HashSet<Labels> labels)
    {
        labels.Add(series);
        Check(appender.Append(series, timestamp, value));
    }

    private static void Check(AppendStatus status)
    {
        if (status != AppendStatus.Ok)
        {
            throw new InvalidOperationException($"Appending a generated sample returned {status}, but every generated sample must be accepted.");
        }
    }

    /// <summary>Returns the bytes of every block folder, excluding the log.</summary>
    private static long BlockBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateDirectories()
            .Where(d => File.Exists(Path.Combine(d.FullName, "meta.json")))
            .Sum(d => d.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));
}

using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;
using InferScope.Storage.Blocks;
using InferScope.Storage.Chunks;
using InferScope.Storage.Querying;
using static InferScope.Storage.Tests.HistogramWorkload;

namespace InferScope.Storage.Tests;

/// <summary>
/// Native histograms written to blocks, compacted, reopened and replayed from the log, read back
/// bit for bit. Samples are 5 s apart and blocks one minute long, so 48 samples span four block ranges.
/// </summary>
public class HistogramBlockTests
{
    private const long Minute = 60_000;

    [Fact]
    public async Task HeadCut_KeepsHistogramsAfterReopen()
    {
        using var folder = new TempFolder();
        Dictionary<Labels, List<string>> before;
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await AppendAsync(store, 0, 48);
            before = Read(store);

            await store.FlushHeadAsync();

            Assert.Equal(3, store.BlockCount);
            AssertSameSeries(before, Read(store));
        }

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());

        // The head replays only samples from 3 minutes on, so the earlier ones come from blocks.
        var fromBlocks = Read(reopened, 0, (3 * Minute) - 1);
        Assert.Equal(36, fromBlocks[Counter].Count);
        Assert.Equal(before[Counter].Take(36), fromBlocks[Counter]);
        Assert.Equal(before[Mixed].Take(36), fromBlocks[Mixed]);
        AssertSameSeries(before, Read(reopened));
        AssertMatchesInput(ReadValues(reopened), 0, 48);
        Assert.All(BlockVersions(folder.Path), v => Assert.Equal(BlockMeta.HistogramVersion, v));
    }

    [Fact]
    public async Task HeadCut_KeepsHintsAndStaleMarkers()
    {
        using var folder = new TempFolder();
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await AppendAsync(store, 0, 48);
            await store.FlushHeadAsync();
        }

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        var counter = ReadSamples(reopened, Counter);
        var mixed = ReadSamples(reopened, Mixed);

        Assert.Equal(48, counter.Count);
        Assert.Equal(CounterResetHint.Unknown, counter[0].Histogram!.CounterResetHint);
        Assert.Equal(CounterResetHint.NotCounterReset, counter[1].Histogram!.CounterResetHint);
        Assert.Equal(CounterResetHint.NotCounterReset, counter[5].Histogram!.CounterResetHint);
        Assert.Equal(CounterResetHint.CounterReset, counter[ResetAt].Histogram!.CounterResetHint);
        Assert.Equal(CounterResetHint.NotCounterReset, counter[ResetAt + 1].Histogram!.CounterResetHint);
        Assert.Equal(StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(counter[StaleAt].Histogram!.Sum));
        Assert.Equal(3, counter[0].Histogram!.Schema);
        Assert.Equal(0.001, counter[0].Histogram!.ZeroThreshold);
        Assert.Equal(1.25, counter[0].Histogram!.ZeroCount);
        Assert.Equal([new BucketSpan(-2, 2), new BucketSpan(3, 3)], counter[0].Histogram!.PositiveSpans);
        Assert.Equal([new BucketSpan(0, 1), new BucketSpan(6, 1)], counter[0].Histogram!.NegativeSpans);
        Assert.Equal([10, 20, 5, 10.25, 3], counter[0].Histogram!.PositiveBuckets);
        Assert.Equal([2.5, 1], counter[0].Histogram!.NegativeBuckets);
        Assert.Equal(CounterResetHint.Gauge, ReadSamples(reopened, Gauge)[47].Histogram!.CounterResetHint);
        Assert.Equal([0.1, 0.5, 1, 5], ReadSamples(reopened, Custom)[7].Histogram!.CustomValues);
        Assert.Null(mixed[0].Histogram);
        Assert.Equal(Math.Sqrt(10) + 0.1, mixed[10].Value);
        Assert.NotNull(mixed[14].Histogram);
        Assert.Equal(StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(mixed[25].Histogram!.Sum));
        Assert.Null(mixed[37].Histogram);
        Assert.Equal(StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(mixed[37].Value));
        Assert.NotNull(mixed[38].Histogram);
    }

    [Fact]
    public async Task Compaction_KeepsHistogramsOfTwoBlocks()
    {
        using var folder = new TempFolder();
        Dictionary<Labels, List<string>> before;
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            // Samples from minute 1 to 5: blocks [1, 2) and [2, 3) are merged, [3, 4) stays alone.
            await AppendAsync(store, 0, 48, startMs: Minute);
            before = Read(store);

            await store.CompactAsync();

            Assert.Equal(2, store.BlockCount);
            AssertSameSeries(before, Read(store));
        }

        var metas = BlockMetas(folder.Path);
        var compacted = Assert.Single(metas, m => m.Compaction.Level == 2);
        Assert.Equal(Minute, compacted.MinTime);
        Assert.Equal(3 * Minute, compacted.MaxTime);
        Assert.Equal(2, compacted.Compaction.Sources.Count);
        Assert.Equal(BlockMeta.HistogramVersion, compacted.Version);

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        Assert.Equal(24, Read(reopened, Minute, (3 * Minute) - 1)[Counter].Count);
        AssertSameSeries(before, Read(reopened));
    }

    [Fact]
    public async Task OverlappingBlocks_MergeHistogramsWithoutDuplicates()
    {
        using var folder = new TempFolder();
        using (var first = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await AppendAsync(first, 0, 48);
            await first.FlushHeadAsync();
        }

        // A second store writes blocks over the same minutes with every other sample, as a backfill would.
        using (var other = new TempFolder())
        {
            using (var second = Tsdb.Open(other.Path, BlockTests.NewOptions()))
            {
                await AppendAsync(second, 0, 36, include: i => i % 2 == 0);
                await second.FlushHeadAsync();
            }

            foreach (var block in Directory.GetDirectories(other.Path).Where(d => File.Exists(Path.Combine(d, BlockFormat.MetaFile))))
            {
                BlockTests.CopyFolder(block, Path.Combine(folder.Path, Path.GetFileName(block)));
            }
        }

        using var store = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        Assert.Equal(5, store.BlockCount);
        AssertMatchesInput(ReadValues(store), 0, 48);

        await store.CompactAsync();

        Assert.Equal(1, store.BlockCount);
        AssertMatchesInput(ReadValues(store), 0, 48);
        Assert.Equal(BlockMeta.HistogramVersion, Assert.Single(BlockMetas(folder.Path)).Version);

        // Merged counter samples may follow another sample than they did when stored, so their hints
        // are cleared. Samples from 3 minutes on are still in the head.
        var merged = ReadSamples(store, Counter).Where(s => s.Timestamp < 3 * Minute).ToList();
        Assert.Equal(36, merged.Count);
        Assert.All(merged, s => Assert.Equal(CounterResetHint.Unknown, s.Histogram!.CounterResetHint));
        Assert.All(ReadSamples(store, Gauge), s => Assert.Equal(CounterResetHint.Gauge, s.Histogram!.CounterResetHint));
    }

    [Fact]
    public async Task HeadCut_KeepsSpanLayoutExactly()
    {
        // Adjacent spans and an empty span are valid but not canonical; the head must not rebuild them when it sets a hint.
        using var folder = new TempFolder();
        var labels = Labels.FromPairs("__name__", "native_layout_seconds");
        BucketSpan[] positiveSpans = [new(-1, 0), new(1, 2), new(0, 1)];
        BucketSpan[] negativeSpans = [new(2, 1), new(0, 1)];
        FloatHistogram Layout(double scale) => new()
        {
            Schema = 1,
            ZeroThreshold = 0.5,
            ZeroCount = scale,
            Count = 13 * scale,
            Sum = 4.5 * scale,
            PositiveSpans = positiveSpans,
            PositiveBuckets = [2 * scale, 3 * scale, 4 * scale],
            NegativeSpans = negativeSpans,
            NegativeBuckets = [scale, 2 * scale],
        };

        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            using var appender = store.CreateAppender();
            appender.AppendHistogram(labels, 1000, Layout(1));
            appender.AppendHistogram(labels, 2000, Layout(2));
            await appender.CommitAsync();
            await StoreReading.AppendAsync(store, labels, (Minute, 1));
            await store.FlushHeadAsync();
        }

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        var samples = ReadSamples(reopened, labels);

        Assert.Equal(3, samples.Count);
        Assert.Equal(CounterResetHint.NotCounterReset, samples[1].Histogram!.CounterResetHint);
        Assert.Equal(Render(2000, Layout(2), withHint: false), Render(2000, samples[1].Histogram!, withHint: false));
        Assert.Equal(positiveSpans, samples[1].Histogram!.PositiveSpans);
        Assert.Equal(negativeSpans, samples[1].Histogram!.NegativeSpans);
    }

    [Fact]
    public async Task Restart_ReplaysHistogramsFromLog()
    {
        using var folder = new TempFolder();
        Dictionary<Labels, List<string>> before;
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await AppendAsync(store, 0, 30);
            before = Read(store);
        }

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());

        Assert.Equal(0, reopened.BlockCount);
        AssertSameSeries(before, Read(reopened));
        AssertMatchesInput(ReadValues(reopened), 0, 30);
    }

    [Fact]
    public async Task Restart_ReplaysHistogramsFromCheckpoint()
    {
        using var folder = new TempFolder();
        Dictionary<Labels, List<string>> before;
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await AppendAsync(store, 0, 48);
            await store.FlushHeadAsync();
            await AppendAsync(store, 48, 60);
            before = Read(store);
        }

        Assert.Single(Directory.GetDirectories(Path.Combine(folder.Path, "wal"), "checkpoint.*"));

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());

        Assert.Equal(3, reopened.BlockCount);
        var fromHead = Read(reopened, 3 * Minute, long.MaxValue);
        Assert.Equal(24, fromHead[Counter].Count);
        AssertSameSeries(before, Read(reopened));
        AssertMatchesInput(ReadValues(reopened), 0, 60);
    }

    [Fact]
    public async Task BatchRead_MatchesIteratorAcrossBlocks()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        await AppendAsync(store, 0, 48);
        await store.FlushHeadAsync();
        var ranges = new (long Min, long Max)[] { (long.MinValue, long.MaxValue), (61_000, 200_000), (125_000, 125_000) };

        foreach (var (min, max) in ranges)
        {
            var iterated = Read(store, min, max);
            using var querier = store.CreateQuerier(min, max);
            foreach (var series in querier.Select(BlockTests.AllSeries))
            {
                var batch = new SampleBatch();
                series.ReadSamples(long.MinValue, long.MaxValue, batch);
                var samples = new List<string>();
                for (var i = 0; i < batch.Count; i++)
                {
                    samples.Add(batch.Histograms?[i] is { } histogram ? Render(batch.Timestamps[i], histogram) : Render(batch.Timestamps[i], batch.Values[i]));
                }

                Assert.Equal(iterated[series.Labels], samples);
            }
        }

        Assert.Equal(11, Read(store, 61_000, 115_000)[Mixed].Count);
    }

    [Fact]
    public async Task TornLog_KeepsEarlierHistograms()
    {
        using var folder = new TempFolder();
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await AppendAsync(store, 0, 10);
            using var appender = store.CreateAppender();
            appender.AppendHistogram(Counter, 10 * StepMs, CounterAt(10));
            await appender.CommitAsync();
        }

        // Cut the last frame, the histogram of sample 10, short, as a crash in the middle of a write would.
        var segment = Path.Combine(folder.Path, "wal", "00000000");
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 5);
        }

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());

        AssertMatchesInput(ReadValues(reopened), 0, 10);
        using var retry = reopened.CreateAppender();
        Assert.Equal(AppendStatus.Ok, retry.AppendHistogram(Counter, 10 * StepMs, CounterAt(10)));
    }

    [Fact]
    public async Task BlockVersion_StaysOneWithoutHistograms()
    {
        using var folder = new TempFolder();
        var labels = Labels.FromPairs("__name__", "plain_total");
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await StoreReading.AppendAsync(store, labels, (1000, 1), (61_000, 2), (121_000, 3));
            await store.FlushHeadAsync();
        }

        var metas = BlockMetas(folder.Path);
        Assert.Equal(2, metas.Count);
        foreach (var meta in metas)
        {
            Assert.Equal(BlockMeta.FloatVersion, meta.Version);
            Assert.Contains("\"version\": 1", File.ReadAllText(Path.Combine(folder.Path, meta.Id, BlockFormat.MetaFile)), StringComparison.Ordinal);
        }

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        Assert.Equal([(1000L, BitConverter.DoubleToUInt64Bits(1)), (61_000L, BitConverter.DoubleToUInt64Bits(2)), (121_000L, BitConverter.DoubleToUInt64Bits(3))], StoreReading.ReadAll(reopened, BlockTests.AllSeries)[labels]);
    }

    [Fact]
    public async Task BlockVersion_RejectsNewerVersion()
    {
        using var folder = new TempFolder();
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            await AppendAsync(store, 0, 24);
            await store.FlushHeadAsync();
        }

        var meta = Assert.Single(BlockMetas(folder.Path));
        var path = Path.Combine(folder.Path, meta.Id, BlockFormat.MetaFile);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"version\": 2", "\"version\": 3", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => Tsdb.Open(folder.Path, BlockTests.NewOptions()));

        Assert.Contains("has version 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("versions 1 to 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DifferenceCoding_SkipsHistogramBuckets()
    {
        // Classic bucket names with native histogram samples: neither may be coded against the other.
        using var folder = new TempFolder();
        var floatBase = Labels.FromPairs("__name__", "a_bucket", "le", "1");
        var histogramOnFloat = Labels.FromPairs("__name__", "a_bucket", "le", "2");
        var histogramBase = Labels.FromPairs("__name__", "b_bucket", "le", "1");
        var floatOnHistogram = Labels.FromPairs("__name__", "b_bucket", "le", "2");
        Dictionary<Labels, List<string>> before;
        using (var store = Tsdb.Open(folder.Path, BlockTests.NewOptions()))
        {
            for (var i = 0; i < 12; i++)
            {
                using var appender = store.CreateAppender();
                appender.Append(floatBase, i * StepMs, i);
                appender.AppendHistogram(histogramOnFloat, i * StepMs, CounterAt(i));
                appender.AppendHistogram(histogramBase, i * StepMs, CounterAt(i));
                appender.Append(floatOnHistogram, i * StepMs, 2 * i);
                await appender.CommitAsync();
            }

            await StoreReading.AppendAsync(store, floatBase, (Minute, 12));
            before = Read(store);
            await store.FlushHeadAsync();
        }

        using var reopened = Tsdb.Open(folder.Path, BlockTests.NewOptions());

        var after = Read(reopened);
        AssertSameSeries(before, after);
        Assert.Equal(12, after[histogramOnFloat].Count);
        Assert.Equal(Render(5 * StepMs, 10), after[floatOnHistogram][5]);
    }

    [Fact]
    public void Optimizer_KeepsHistogramChunksBetweenFloats()
    {
        var floats = new XorChunkWriter();
        for (var t = 0L; t <= 10_000; t += 1000)
        {
            floats.Append(t, t / 1000.0);
        }

        // The histogram chunk repeats 8 s to 10 s, which the float chunk already has.
        var histograms = new FloatHistogramChunkWriter();
        for (var t = 8000L; t <= 15_000; t += 1000)
        {
            histograms.Append(t, CounterAt((int)(t / 1000)));
        }

        var later = new XorChunkWriter();
        later.Append(16_000, 16);
        later.Append(17_000, 17);
        ChunkSnapshot[] chunks =
        [
            new(floats.ToArray(), floats.Count, floats.MinTime, floats.MaxTime),
            histograms.Seal(),
            new(later.ToArray(), later.Count, later.MinTime, later.MaxTime),
        ];

        var optimized = ChunkOptimizer.Optimize(chunks);

        Assert.Equal(3, optimized.Count);
        Assert.NotEqual(ChunkEncoding.FloatHistogram, optimized[0].Encoding);
        Assert.Equal(ChunkEncoding.FloatHistogram, optimized[1].Encoding);
        Assert.NotEqual(ChunkEncoding.FloatHistogram, optimized[2].Encoding);
        Assert.Equal((11_000L, 15_000L, 5), (optimized[1].MinTime, optimized[1].MaxTime, optimized[1].Count));
        var iterator = new ChunksIterator([.. optimized], long.MinValue, long.MaxValue);
        var samples = new List<string>();
        while (iterator.MoveNext())
        {
            samples.Add(iterator.Histogram is { } histogram ? Render(iterator.Timestamp, histogram) : Render(iterator.Timestamp, iterator.Value));
        }

        Assert.Equal(18, samples.Count);
        Assert.Equal(Render(10_000, 10), samples[10]);
        Assert.Equal(Render(11_000, CounterAt(11)), samples[11]);
        Assert.Equal(Render(17_000, 17), samples[17]);
    }

    private static List<(long Timestamp, double Value, FloatHistogram? Histogram)> ReadSamples(Tsdb store, Labels labels)
    {
        using var querier = store.CreateQuerier(long.MinValue, long.MaxValue);
        var series = Assert.Single(querier.Select([Matcher.Equal("__name__", labels.MetricName)]));
        var iterator = series.CreateIterator();
        var samples = new List<(long, double, FloatHistogram?)>();
        while (iterator.MoveNext())
        {
            samples.Add((iterator.Timestamp, iterator.Value, iterator.Kind == SampleKind.Histogram ? iterator.Histogram : null));
        }

        return samples;
    }

    private static void AssertSameSeries(Dictionary<Labels, List<string>> expected, Dictionary<Labels, List<string>> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(l => l.ToString()), actual.Keys.OrderBy(l => l.ToString()));
        foreach (var (labels, samples) in expected)
        {
            Assert.Equal(samples, actual[labels]);
        }
    }

    /// <summary>Checks every series against the samples appended, histograms without their hints.</summary>
    private static void AssertMatchesInput(Dictionary<Labels, List<string>> actual, int from, int to)
    {
        var expected = new Dictionary<Labels, List<string>> { [Counter] = [], [Gauge] = [], [Custom] = [], [Mixed] = [], [Plain] = [] };
        for (var i = from; i < to; i++)
        {
            var timestamp = i * StepMs;
            expected[Counter].Add(Render(timestamp, CounterAt(i), withHint: false));
            expected[Gauge].Add(Render(timestamp, GaugeAt(i), withHint: false));
            expected[Custom].Add(Render(timestamp, CustomAt(i), withHint: false));
            var (value, histogram) = MixedAt(i);
            expected[Mixed].Add(histogram is null ? Render(timestamp, value) : Render(timestamp, histogram, withHint: false));
            expected[Plain].Add(Render(timestamp, i * 3.5));
        }

        AssertSameSeries(expected, actual);
    }

    private static List<BlockMeta> BlockMetas(string folder) =>
        [.. Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, BlockFormat.MetaFile))).Select(d => BlockMeta.Read(Path.Combine(d, BlockFormat.MetaFile)))];

    private static List<int> BlockVersions(string folder) => BlockMetas(folder).ConvertAll(m => m.Version);
}

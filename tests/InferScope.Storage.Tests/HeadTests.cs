using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Storage.Tests;

public class HeadTests
{
    private static readonly TsdbOptions DefaultOptions = new() { TooNewTolerance = null };

    [Fact]
    public async Task AppendSelectIterate_ReturnsCommittedSamples()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        var labels = Labels.FromPairs("__name__", "up", "job", "a");
        var samples = Enumerable.Range(0, 300).Select(i => ((long)i * 15_000, (double)i)).ToArray();
        await StoreReading.AppendAsync(store, labels, samples);

        var all = StoreReading.ReadAll(store, [Matcher.Equal("__name__", "up")]);

        var series = Assert.Single(all);
        Assert.Equal(labels, series.Key);
        Assert.Equal(300, series.Value.Count);
        Assert.Equal(samples.Select(s => (s.Item1, BitConverter.DoubleToUInt64Bits(s.Item2))), series.Value);
    }

    [Fact]
    public async Task Select_HonoursTimeRangeAndSeek()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "x"), [.. Enumerable.Range(0, 500).Select(i => ((long)i * 1000, (double)i))]);

        var ranged = StoreReading.ReadAll(store, [Matcher.Equal("__name__", "x")], 100_000, 199_000);
        var samples = Assert.Single(ranged).Value;
        Assert.Equal(100, samples.Count);
        Assert.Equal(100_000, samples[0].Timestamp);
        Assert.Equal(199_000, samples[^1].Timestamp);

        using var querier = store.CreateQuerier(0, long.MaxValue);
        var iterator = Assert.Single(querier.Select([Matcher.Equal("__name__", "x")])).CreateIterator();
        Assert.True(iterator.Seek(250_500));
        Assert.Equal(251_000, iterator.Timestamp);
        Assert.True(iterator.Seek(100));
        Assert.Equal(251_000, iterator.Timestamp);
        Assert.False(iterator.Seek(10_000_000));
    }

    [Fact]
    public async Task Matchers_FollowPrometheusSemantics()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m", "env", "prod", "zone", "a"), (1, 1));
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m", "env", "dev", "zone", "b"), (1, 2));
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m", "zone", "c"), (1, 3));
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "other", "env", "prod"), (1, 4));

        int Count(params Matcher[] matchers) => StoreReading.ReadAll(store, matchers).Count;

        Assert.Equal(3, Count(Matcher.Equal("__name__", "m")));
        Assert.Equal(2, Count(Matcher.Equal("env", "prod")));
        Assert.Equal(2, Count(Matcher.Equal("__name__", "m"), Matcher.NotEqual("env", "prod")));
        Assert.Equal(1, Count(Matcher.Equal("__name__", "m"), Matcher.Equal("env", "")));
        Assert.Equal(2, Count(Matcher.Equal("__name__", "m"), Matcher.NotEqual("env", "")));
        Assert.Equal(2, Count(Matcher.Regex("env", "pro.*")));
        Assert.Equal(0, Count(Matcher.Regex("env", "pro")));
        Assert.Equal(2, Count(Matcher.Equal("__name__", "m"), Matcher.NotRegex("zone", "b")));
        Assert.Equal(1, Count(Matcher.Equal("__name__", "m"), Matcher.NotRegex("zone", "a|c")));
        Assert.Equal(1, Count(Matcher.Equal("__name__", "m"), Matcher.Regex("env", "|nothing")));
        Assert.Equal(3, Count(Matcher.Equal("__name__", "m"), Matcher.Regex("env", ".*")));
        Assert.Equal(2, Count(Matcher.Equal("__name__", "m"), Matcher.Regex("env", ".+")));
        Assert.Equal(4, Count(Matcher.Regex("__name__", ".+")));
    }

    [Fact]
    public async Task LabelNamesAndValues_FilterByMatchers()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m", "env", "prod"), (1, 1));
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "n", "zone", "b"), (1, 1));
        using var querier = store.CreateQuerier(0, 10);

        Assert.Equal(["__name__", "env", "zone"], querier.LabelNames([]));
        Assert.Equal(["__name__", "env"], querier.LabelNames([Matcher.Equal("__name__", "m")]));
        Assert.Equal(["m", "n"], querier.LabelValues("__name__", []));
        Assert.Equal(["n"], querier.LabelValues("__name__", [Matcher.Equal("zone", "b")]));
        Assert.Empty(querier.LabelValues("missing", []));
    }

    [Fact]
    public async Task Rejections_AreReturnedAndCounted()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(10_000_000));
        using var store = Tsdb.CreateInMemory(new TsdbOptions { TimeProvider = clock, TooNewTolerance = TimeSpan.FromMinutes(10) });
        var labels = Labels.FromPairs("__name__", "m");
        await StoreReading.AppendAsync(store, labels, (9_000_000, 1));

        using var appender = store.CreateAppender();
        Assert.Equal(AppendStatus.OutOfOrder, appender.Append(labels, 8_999_000, 1));
        Assert.Equal(AppendStatus.DuplicateTimestamp, appender.Append(labels, 9_000_000, 2));
        Assert.Equal(AppendStatus.Ok, appender.Append(labels, 9_000_000, 1));
        Assert.Equal(AppendStatus.TooNew, appender.Append(labels, 10_000_000 + 600_001, 1));
        Assert.Equal(AppendStatus.Ok, appender.Append(labels, 10_000_000 + 600_000, 1));
        Assert.Equal(AppendStatus.DuplicateTimestamp, appender.Append(labels, 10_000_000 + 600_000, 2));
        Assert.Equal(AppendStatus.OutOfOrder, appender.Append(labels, 9_500_000, 2));

        // Half a block range (1 h) behind the newest sample is too old.
        Assert.Equal(AppendStatus.TooOld, appender.Append(Labels.FromPairs("__name__", "n"), 9_000_000 - 3_600_001, 1));
        Assert.Equal(AppendStatus.InvalidLabels, appender.Append(Labels.Empty, 9_100_000, 1));
        await appender.CommitAsync();

        Assert.Equal(2, store.Counters.Rejected(AppendStatus.OutOfOrder));
        Assert.Equal(2, store.Counters.Rejected(AppendStatus.DuplicateTimestamp));
        Assert.Equal(1, store.Counters.Rejected(AppendStatus.TooNew));
        Assert.Equal(1, store.Counters.Rejected(AppendStatus.TooOld));
        Assert.Equal(1, store.Counters.Rejected(AppendStatus.InvalidLabels));
        Assert.Equal(2, store.Counters.SamplesCommitted);
        Assert.Equal(2, Assert.Single(StoreReading.ReadAll(store, [Matcher.Equal("__name__", "m")])).Value.Count);
    }

    [Fact]
    public async Task StaleMarker_IsStoredBitExact()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        var otherNaN = BitConverter.UInt64BitsToDouble(0x7ff8000000000001UL);
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m"), (1, 1.5), (2, StaleMarker.Value), (3, otherNaN), (4, double.NaN));

        var samples = Assert.Single(StoreReading.ReadAll(store, [Matcher.Equal("__name__", "m")])).Value;

        Assert.Equal(StaleMarker.Bits, samples[1].Bits);
        Assert.Equal(0x7ff8000000000001UL, samples[2].Bits);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(double.NaN), samples[3].Bits);
    }

    [Fact]
    public async Task Rollback_DiscardsBatch()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        using (var appender = store.CreateAppender())
        {
            appender.Append(Labels.FromPairs("__name__", "m"), 1, 1);
            appender.Rollback();
        }

        Assert.Empty(StoreReading.ReadAll(store, [Matcher.Equal("__name__", "m")]));
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m"), (1, 2));
        Assert.Single(StoreReading.ReadAll(store, [Matcher.Equal("__name__", "m")]));
    }

    [Fact]
    public async Task ConcurrentAppendersAndReaders_LoseNothing()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        const int Writers = 4;
        const int SeriesPerWriter = 50;
        const int Batches = 200;
        using var done = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested)
            {
                reading.TrySetResult();
                var all = StoreReading.ReadAll(store, [Matcher.Regex("__name__", "w.*")]);
                foreach (var samples in all.Values)
                {
                    for (var i = 1; i < samples.Count; i++)
                    {
                        Assert.True(samples[i].Timestamp > samples[i - 1].Timestamp);
                    }
                }

                reads++;
            }

            return reads;
        });
        // The writers start once the reader runs, so the two overlap even on a busy machine.
        await reading.Task;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                using var appender = store.CreateAppender();
                for (var s = 0; s < SeriesPerWriter; s++)
                {
                    // Every writer also writes one shared series, so they race on it.
                    var labels = Labels.FromPairs("__name__", "w" + w, "s", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(AppendStatus.Ok, appender.Append(labels, batch * 1000L, batch));
                }

                await appender.CommitAsync();
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await done.CancelAsync();
        Assert.True(await reader > 0);

        var result = StoreReading.ReadAll(store, [Matcher.Regex("__name__", "w.*")]);
        Assert.Equal(Writers * SeriesPerWriter, result.Count);
        Assert.All(result.Values, samples => Assert.Equal(Batches, samples.Count));
        Assert.Equal(Writers * SeriesPerWriter * Batches, store.Counters.SamplesCommitted);
    }

    [Fact]
    public async Task SeriesLimits_RejectWithClearMessage()
    {
        using var store = Tsdb.CreateInMemory(new TsdbOptions { TooNewTolerance = null, MaxSeriesPerMetric = 2, MaxSeriesPerTarget = 3 });
        using var appender = store.CreateAppender();
        Assert.Equal(AppendStatus.Ok, appender.Append(Labels.FromPairs("__name__", "a", "job", "j", "instance", "i", "x", "1"), 1, 1));
        Assert.Equal(AppendStatus.Ok, appender.Append(Labels.FromPairs("__name__", "a", "job", "j", "instance", "i", "x", "2"), 1, 1));
        var third = Labels.FromPairs("__name__", "a", "job", "j", "instance", "i", "x", "3");
        Assert.Equal(AppendStatus.SeriesLimit, appender.Append(third, 1, 1));
        Assert.Contains("metric \"a\" already has 2 series", store.DescribeSeriesLimit(third), StringComparison.Ordinal);
        Assert.Equal(AppendStatus.Ok, appender.Append(Labels.FromPairs("__name__", "b", "job", "j", "instance", "i"), 1, 1));
        var fourth = Labels.FromPairs("__name__", "c", "job", "j", "instance", "i");
        Assert.Equal(AppendStatus.SeriesLimit, appender.Append(fourth, 1, 1));
        Assert.Contains("job=\"j\", instance=\"i\" already has 3 series", store.DescribeSeriesLimit(fourth), StringComparison.Ordinal);
        Assert.Equal(2, store.Counters.Rejected(AppendStatus.SeriesLimit));
        await appender.CommitAsync();
    }

    [Fact]
    public async Task Status_ReportsCardinality()
    {
        using var store = Tsdb.CreateInMemory(DefaultOptions);
        for (var i = 0; i < 5; i++)
        {
            await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "big", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (1000, 1));
        }

        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "small"), (2000, 1));

        var status = store.GetStatus(limit: 2);

        Assert.Equal(6, status.NumSeries);
        Assert.Equal(7, status.NumLabelPairs);
        Assert.Equal(6, status.ChunkCount);
        Assert.Equal(1000, status.MinTime);
        Assert.Equal(2000, status.MaxTime);
        Assert.Equal([new NamedCount("big", 5), new NamedCount("small", 1)], status.SeriesCountByMetricName);
        Assert.Equal(new NamedCount("i", 5), status.LabelValueCountByLabelName[0]);
        Assert.Equal(new NamedCount("__name__=big", 5), status.SeriesCountByLabelValuePair[0]);
        Assert.True(store.MemoryPerSeriesBytes() > 0);
    }
}

using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;

namespace InferScope.Storage.Tests;

public class HistogramStorageTests
{
    private static readonly Matcher[] AllSeries = [Matcher.Regex("__name__", ".+")];

    private static TsdbOptions NewOptions() => new() { TooNewTolerance = null, CompactionInterval = TimeSpan.FromHours(1) };

    private static FloatHistogram Histogram(double count, CounterResetHint hint = CounterResetHint.Unknown) =>
        FloatHistogram.FromBuckets(1, 0.001, 1, count, count * 2, [(1, count - 1)], [(2, 0.5)], hint: hint);

    private static async Task AppendMixedAsync(Tsdb store, Labels labels)
    {
        using var appender = store.CreateAppender();
        Assert.Equal(AppendStatus.Ok, appender.Append(labels, 1000, 1.5));
        Assert.Equal(AppendStatus.Ok, appender.AppendHistogram(labels, 2000, Histogram(4)));
        Assert.Equal(AppendStatus.Ok, appender.AppendHistogram(labels, 3000, Histogram(6)));
        Assert.Equal(AppendStatus.Ok, appender.AppendHistogram(labels, 4000, Histogram(2)));
        Assert.Equal(AppendStatus.Ok, appender.Append(labels, 5000, 2.5));
        await appender.CommitAsync();
    }

    private static List<(long Timestamp, double Value, FloatHistogram? Histogram)> Read(Tsdb store)
    {
        using var querier = store.CreateQuerier(long.MinValue, long.MaxValue);
        var series = Assert.Single(querier.Select(AllSeries));
        var iterator = series.CreateIterator();
        var samples = new List<(long, double, FloatHistogram?)>();
        while (iterator.MoveNext())
        {
            samples.Add((iterator.Timestamp, iterator.Value, iterator.Kind == SampleKind.Histogram ? iterator.Histogram : null));
        }

        return samples;
    }

    private static void AssertMixedSeries(List<(long Timestamp, double Value, FloatHistogram? Histogram)> samples)
    {
        Assert.Equal([1000L, 2000, 3000, 4000, 5000], samples.Select(s => s.Timestamp));
        Assert.Null(samples[0].Histogram);
        Assert.Equal(1.5, samples[0].Value);
        Assert.True(Histogram(4).ValueEquals(samples[1].Histogram));
        Assert.True(Histogram(6).ValueEquals(samples[2].Histogram));
        Assert.True(Histogram(2).ValueEquals(samples[3].Histogram));
        Assert.Equal(2.5, samples[4].Value);
    }

    [Fact]
    public async Task Head_ReturnsFloatsAndHistogramsInOrder()
    {
        using var store = Tsdb.CreateInMemory(NewOptions());

        await AppendMixedAsync(store, Labels.FromPairs("__name__", "latency"));

        AssertMixedSeries(Read(store));
    }

    [Fact]
    public async Task Head_StoresCounterResetHints()
    {
        using var store = Tsdb.CreateInMemory(NewOptions());

        await AppendMixedAsync(store, Labels.FromPairs("__name__", "latency"));

        var samples = Read(store);
        Assert.Equal(CounterResetHint.Unknown, samples[1].Histogram!.CounterResetHint);
        Assert.Equal(CounterResetHint.NotCounterReset, samples[2].Histogram!.CounterResetHint);
        Assert.Equal(CounterResetHint.Unknown, samples[3].Histogram!.CounterResetHint);
        Assert.True(samples[3].Histogram!.DetectReset(samples[2].Histogram!));
    }

    [Fact]
    public async Task Reopen_ReplaysHistogramSamples()
    {
        using var folder = new TempFolder();
        using (var store = Tsdb.Open(folder.Path, NewOptions()))
        {
            await AppendMixedAsync(store, Labels.FromPairs("__name__", "latency"));
        }

        using var reopened = Tsdb.Open(folder.Path, NewOptions());

        AssertMixedSeries(Read(reopened));
    }

    [Fact]
    public async Task Append_DuplicateHistogramTimestamp()
    {
        using var store = Tsdb.CreateInMemory(NewOptions());
        var labels = Labels.FromPairs("__name__", "latency");
        await AppendMixedAsync(store, labels);

        using var appender = store.CreateAppender();

        Assert.Equal(AppendStatus.DuplicateTimestamp, appender.AppendHistogram(labels, 5000, Histogram(3)));
        Assert.Equal(AppendStatus.OutOfOrder, appender.AppendHistogram(labels, 4500, Histogram(3)));
    }
}

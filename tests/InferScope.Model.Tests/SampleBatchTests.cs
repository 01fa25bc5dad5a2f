using InferScope.Model.Histograms;
using InferScope.Model.Storage;

namespace InferScope.Model.Tests;

public class SampleBatchTests
{
    [Fact]
    public void Add_GrowsAndKeepsOrder()
    {
        var batch = new SampleBatch(capacity: 4);
        for (var i = 0; i < 100; i++)
        {
            batch.Add(i * 1000L, i * 0.5);
        }

        batch.AddRange([100_000, 101_000], [50, 50.5]);

        Assert.Equal(102, batch.Count);
        Assert.Equal(101_000, batch.Timestamps[101]);
        Assert.Equal(49.5, batch.Values[99]);
        Assert.Null(batch.Histograms);
    }

    [Fact]
    public void RemoveStaleMarkers_KeepsHistogramsAligned()
    {
        var histogram = FloatHistogram.FromBuckets(0, 0, 0, 3, 7.5, [(0, 3)], []);
        var stale = FloatHistogram.FromBuckets(0, 0, 0, 0, StaleMarker.Value, [], []);
        var batch = new SampleBatch();
        batch.Add(1, 10);
        batch.Add(2, StaleMarker.Value);
        batch.AddHistogram(3, histogram);
        batch.AddHistogram(4, stale);
        batch.Add(5, 11);

        batch.RemoveStaleMarkers();

        Assert.Equal(3, batch.Count);
        Assert.Equal([1L, 3, 5], batch.Timestamps[..3]);
        Assert.Equal(7.5, batch.Values[1]);
        Assert.NotNull(batch.Histograms);
        Assert.Null(batch.Histograms[0]);
        Assert.Same(histogram, batch.Histograms[1]);
        Assert.Null(batch.Histograms[2]);
    }

    [Fact]
    public void Detach_HandsOverArraysAndStartsEmpty()
    {
        var batch = new SampleBatch();
        batch.Add(1, 2);
        var (timestamps, values, histograms) = batch.Detach();

        batch.Add(9, 9);

        Assert.Equal(1, timestamps[0]);
        Assert.Equal(2, values[0]);
        Assert.Null(histograms);
        Assert.Equal(1, batch.Count);
        Assert.Equal(9, batch.Timestamps[0]);
    }

    [Fact]
    public void AddRange_RejectsUnequalLengths()
    {
        var batch = new SampleBatch();

        var error = Assert.Throws<ArgumentException>(() => batch.AddRange([1, 2], [1]));

        Assert.Contains("2 timestamps were given with 1 values", error.Message, StringComparison.Ordinal);
    }
}

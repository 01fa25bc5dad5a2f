using InferScope.Model.Histograms;

namespace InferScope.Model.Tests;

public class FloatHistogramTests
{
    private static FloatHistogram Exponential(int schema, double count, double sum, params (int Index, double Count)[] positive) =>
        FloatHistogram.FromBuckets(schema, 0, 0, count, sum, positive, []);

    [Theory]
    [InlineData(0, 1, 2.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(0, -1, 0.5)]
    [InlineData(1, 1, 1.4142135623730951)]
    [InlineData(1, 2, 2.0)]
    [InlineData(-1, 1, 4.0)]
    [InlineData(3, 8, 2.0)]
    public void ExponentialBound_IsPowerOfBase(int schema, int index, double expected)
    {
        Assert.Equal(expected, FloatHistogram.ExponentialBound(index, schema), 12);
    }

    [Fact]
    public void Add_ReducesToCoarserSchema()
    {
        var fine = Exponential(1, 3, 6, (1, 1), (2, 2));
        var coarse = Exponential(0, 1, 1, (1, 1));

        var sum = fine.Add(coarse, out var collision, out var reconciled);

        Assert.False(collision);
        Assert.False(reconciled);
        Assert.Equal(0, sum.Schema);
        Assert.Equal(4, sum.Count);
        Assert.Equal(7, sum.Sum);
        Assert.Equal([(1, 4.0)], sum.PositiveIndexed());
    }

    [Fact]
    public void Add_WidensZeroBucket()
    {
        var narrow = FloatHistogram.FromBuckets(0, 0.5, 1, 4, 4, [(0, 1), (2, 2)], []);
        var wide = FloatHistogram.FromBuckets(0, 1, 2, 2, 1, [], []);

        var sum = narrow.Add(wide, out _, out _);

        Assert.Equal(1, sum.ZeroThreshold);
        Assert.Equal(4, sum.ZeroCount);
        Assert.Equal([(2, 2.0)], sum.PositiveIndexed());
    }

    [Fact]
    public void Add_ExponentialAndCustom_IsRejected()
    {
        var exponential = Exponential(0, 1, 1, (1, 1));
        var custom = FloatHistogram.FromBuckets(FloatHistogram.CustomBucketsSchema, 0, 0, 1, 1, [(0, 1)], [], [1.0]);

        Assert.Throws<IncompatibleHistogramsException>(() => exponential.Add(custom, out _, out _));
    }

    [Fact]
    public void Subtract_CustomBoundsReconciled()
    {
        var left = FloatHistogram.FromBuckets(FloatHistogram.CustomBucketsSchema, 0, 0, 1, 1, [(0, 1)], [], [1.0, 10.0]);
        var right = FloatHistogram.FromBuckets(FloatHistogram.CustomBucketsSchema, 0, 0, 1, 1, [(0, 2)], [], [1.0]);

        var difference = left.Subtract(right, out _, out var reconciled);

        Assert.True(reconciled);
        Assert.Equal([1.0], difference.CustomValues);
        Assert.Equal([(0, -1.0)], difference.PositiveIndexed());
        Assert.Equal(0, difference.Count);
    }

    [Fact]
    public void Add_CounterResetHintsCollide()
    {
        var reset = Exponential(0, 1, 1).WithHint(CounterResetHint.CounterReset);
        var notReset = Exponential(0, 1, 1).WithHint(CounterResetHint.NotCounterReset);

        var sum = reset.Add(notReset, out var collision, out _);

        Assert.True(collision);
        Assert.Equal(CounterResetHint.Unknown, sum.CounterResetHint);
    }

    [Fact]
    public void DetectReset_BucketDecrease()
    {
        var previous = Exponential(0, 4, 4, (1, 2), (2, 2));
        var lowerBucket = Exponential(0, 5, 5, (1, 1), (2, 4));
        var grown = Exponential(0, 5, 5, (1, 2), (2, 3));

        Assert.True(lowerBucket.DetectReset(previous));
        Assert.False(grown.DetectReset(previous));
        Assert.False(lowerBucket.WithHint(CounterResetHint.NotCounterReset).DetectReset(previous));
    }

    [Fact]
    public void AllBuckets_OrderAndBounds()
    {
        var h = FloatHistogram.FromBuckets(0, 0.001, 2, 20, 10, [(0, 1), (1, 2)], [(0, 1), (1, 2)]);

        var buckets = h.AllBuckets().ToList();

        Assert.Equal(new HistogramBucket(-2, -1, true, false, 2), buckets[0]);
        Assert.Equal(new HistogramBucket(-1, -0.5, true, false, 1), buckets[1]);
        Assert.Equal(new HistogramBucket(-0.001, 0.001, true, true, 2), buckets[2]);
        Assert.Equal(new HistogramBucket(0.5, 1, false, true, 1), buckets[3]);
        Assert.Equal(new HistogramBucket(1, 2, false, true, 2), buckets[4]);
        Assert.Equal("{count:20, sum:10, [-2,-1):2, [-1,-0.5):1, [-0.001,0.001]:2, (0.5,1]:1, (1,2]:2}", h.ToString());
    }

    [Fact]
    public void Compact_DropsEmptyBuckets()
    {
        var h = Exponential(0, 3, 3, (0, 0), (1, 1), (2, 0), (3, 2));

        var compact = h.Compact();

        Assert.Equal([new BucketSpan(1, 1), new BucketSpan(1, 1)], compact.PositiveSpans);
        Assert.Equal([1.0, 2.0], compact.PositiveBuckets);
        Assert.True(compact.ValueEquals(h));
    }

    [Fact]
    public void CompensatedAdd_KeepsSmallSums()
    {
        double[] sums = [1, 1e100, 1, -1e100];
        FloatHistogram? compensation = null;
        var total = Exponential(0, 1, sums[0]);

        for (var i = 1; i < sums.Length; i++)
        {
            total = total.CompensatedAdd(Exponential(0, 1, sums[i]), ref compensation, out _, out _);
        }

        var exact = total.Add(compensation!, out _, out _);
        Assert.Equal(2, exact.Sum);
        Assert.Equal(4, exact.Count);
    }
}

using InferScope.Ingestion.Otlp;
using InferScope.Model;

namespace InferScope.Ingestion.Tests.Otlp;

public class DeltaAccumulatorTests
{
    private const long Minute = 60_000;

    [Fact]
    public void AddSum_KeepsRunningTotal()
    {
        var accumulator = new DeltaAccumulator();
        var series = Labels.FromPairs("__name__", "tokens_total");

        Assert.Equal(5, accumulator.AddSum(series, 5, 0));
        Assert.Equal(12, accumulator.AddSum(series, 7, Minute));
    }

    [Fact]
    public void IdleSeries_IsForgottenAndRestarts()
    {
        var accumulator = new DeltaAccumulator();
        var idle = Labels.FromPairs("__name__", "idle_total");
        var busy = Labels.FromPairs("__name__", "busy_total");
        accumulator.AddSum(idle, 10, 0);
        for (var t = 0L; t <= 20 * Minute; t += Minute)
        {
            accumulator.AddSum(busy, 1, t);
        }

        Assert.Equal(1, accumulator.Count);
        Assert.Equal(21, accumulator.AddSum(busy, 0, 20 * Minute));
        Assert.Equal(3, accumulator.AddSum(idle, 3, 21 * Minute));
    }

    [Fact]
    public void AddHistogram_RestartsWhenBoundsChange()
    {
        var accumulator = new DeltaAccumulator();
        var series = Labels.FromPairs("__name__", "latency");
        accumulator.AddHistogram(series, [0.1, 1], [1, 2, 3], 4.5, 6, 0);
        var totals = accumulator.AddHistogram(series, [0.1, 1], [1, 0, 1], 1.5, 2, Minute);
        Assert.Equal([2UL, 2UL, 4UL], totals.Counts);
        Assert.Equal(6, totals.Sum);
        Assert.Equal(8UL, totals.Count);

        var changed = accumulator.AddHistogram(series, [0.5], [1, 1], 2, 2, 2 * Minute);
        Assert.Equal([1UL, 1UL], changed.Counts);
        Assert.Equal(2UL, changed.Count);
    }
}

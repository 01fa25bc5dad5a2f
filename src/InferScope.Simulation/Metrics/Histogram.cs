namespace InferScope.Simulation.Metrics;

/// <summary>A Prometheus histogram's state: per-bucket counts (not cumulative), sum and count.</summary>
public sealed class Histogram
{
    private readonly long[] counts;

    public Histogram(IReadOnlyList<double> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        Bounds = [.. bounds];
        counts = new long[Bounds.Length + 1];
    }

    /// <summary>Upper bounds without +Inf, ascending.</summary>
    public double[] Bounds { get; }

    public double Sum { get; private set; }

    public long Count { get; private set; }

    /// <summary>Records <paramref name="weight"/> observations of <paramref name="value"/>; the sum grows by <paramref name="sumIncrement"/>.</summary>
    public void Observe(double value, long weight, double sumIncrement)
    {
        var index = Array.BinarySearch(Bounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        counts[index] += weight;
        Count += weight;
        Sum += sumIncrement;
    }

    public void Observe(double value) => Observe(value, 1, value);

    /// <summary>Returns the cumulative count of observations at or below bucket <paramref name="index"/> (the last index is +Inf).</summary>
    public long CumulativeCount(int index)
    {
        long total = 0;
        for (var i = 0; i <= index; i++)
        {
            total += counts[i];
        }

        return total;
    }
}

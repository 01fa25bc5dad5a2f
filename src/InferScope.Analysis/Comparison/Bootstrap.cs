namespace InferScope.Analysis.Comparison;

/// <summary>
/// Percentile bootstrap over time intervals. The window is cut into equal intervals of one query
/// step each. Each resample draws as many intervals as there are, with replacement, and computes
/// the statistic. The 2.5th and 97.5th percentiles of the resampled statistics bound the 95%
/// interval. Drawing whole intervals keeps the requests of one minute
/// together, which matters because load and latency are correlated within a minute. A fixed
/// seed makes the output reproducible.
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 1000;

    public static Estimate Run<T>(IReadOnlyList<T> intervals, Func<IReadOnlyList<T>, double> statistic, int resamples = DefaultResamples, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(statistic);
        if (intervals.Count == 0)
        {
            return Estimate.Missing;
        }

        var value = statistic(intervals);
        if (intervals.Count < 2 || double.IsNaN(value))
        {
            return new Estimate(value, value, value);
        }

        var random = new Random(seed);
        var results = new List<double>(resamples);
        var sample = new T[intervals.Count];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = intervals[random.Next(intervals.Count)];
            }

            var resampled = statistic(sample);
            if (!double.IsNaN(resampled))
            {
                results.Add(resampled);
            }
        }

        if (results.Count == 0)
        {
            return new Estimate(value, value, value);
        }

        results.Sort();
        return new Estimate(value, Percentile(results, 0.025), Percentile(results, 0.975));
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}

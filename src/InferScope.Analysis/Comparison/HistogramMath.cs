namespace InferScope.Analysis.Comparison;

/// <summary>Quantiles of classic histograms with Prometheus's <c>histogram_quantile</c> interpolation.</summary>
public static class HistogramMath
{
    /// <summary>
    /// Returns the q-quantile of cumulative bucket counts sorted by upper bound, the last bound
    /// +Inf. Like Prometheus it interpolates linearly inside the bucket, starts the first bucket at
    /// 0 when its bound is positive, and returns the largest finite bound for the +Inf bucket.
    /// </summary>
    public static double Quantile(double q, IReadOnlyList<double> upperBounds, IReadOnlyList<double> cumulativeCounts)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        ArgumentNullException.ThrowIfNull(cumulativeCounts);
        if (upperBounds.Count < 2 || !double.IsPositiveInfinity(upperBounds[^1]))
        {
            return double.NaN;
        }

        var total = cumulativeCounts[^1];
        if (total <= 0 || double.IsNaN(q))
        {
            return double.NaN;
        }

        var rank = q * total;
        var index = 0;
        while (index < cumulativeCounts.Count - 1 && cumulativeCounts[index] < rank)
        {
            index++;
        }

        if (index == upperBounds.Count - 1)
        {
            return upperBounds[^2];
        }

        double start;
        if (index > 0)
        {
            start = upperBounds[index - 1];
        }
        else
        {
            start = upperBounds[0] > 0 ? 0 : upperBounds[0];
        }

        var end = upperBounds[index];
        var below = index == 0 ? 0 : cumulativeCounts[index - 1];
        var inBucket = cumulativeCounts[index] - below;
        return inBucket <= 0 ? end : start + ((end - start) * (rank - below) / inBucket);
    }

    /// <summary>
    /// Returns whether the q-quantile of the cumulative counts falls in the first bucket or the
    /// +Inf bucket, where <see cref="Quantile"/> gives only a bound.
    /// </summary>
    public static QuantileBound BoundOf(double q, IReadOnlyList<double> upperBounds, IReadOnlyList<double> cumulativeCounts)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        ArgumentNullException.ThrowIfNull(cumulativeCounts);
        if (upperBounds.Count < 2 || cumulativeCounts.Count < upperBounds.Count || cumulativeCounts[^1] <= 0 || double.IsNaN(q))
        {
            return QuantileBound.None;
        }

        var rank = q * cumulativeCounts[^1];
        var index = 0;
        while (index < cumulativeCounts.Count - 1 && cumulativeCounts[index] < rank)
        {
            index++;
        }

        if (index == upperBounds.Count - 1)
        {
            return QuantileBound.AtLeast;
        }

        return index == 0 ? QuantileBound.AtMost : QuantileBound.None;
    }
}

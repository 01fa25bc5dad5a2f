using InferScope.Model.Histograms;

namespace InferScope.PromQL.Engine;

/// <summary>
/// Quantiles, fractions and spread of native histograms. Custom-bucket histograms are read as the
/// classic <c>le</c> buckets they stand for, so both forms of one histogram give the same results.
/// Exponential buckets interpolate exponentially inside a bucket, and the zero bucket linearly.
/// </summary>
internal static class NativeHistogramMath
{
    public static double Quantile(double q, FloatHistogram h)
    {
        if (double.IsNaN(q))
        {
            return double.NaN;
        }

        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        if (h.Count == 0)
        {
            return double.NaN;
        }

        if (h.UsesCustomBuckets)
        {
            return Evaluator.BucketQuantile(q, Cumulative(h)).Value;
        }

        var buckets = h.AllBuckets().ToList();
        if (buckets.Count == 0)
        {
            return double.NaN;
        }

        var forward = double.IsNaN(h.Sum) || q < 0.5;
        var rank = forward ? q * h.Count : (1 - q) * h.Count;
        var count = 0.0;
        var bucket = buckets[0];
        for (var k = 0; k < buckets.Count; k++)
        {
            bucket = forward ? buckets[k] : buckets[buckets.Count - 1 - k];
            count += bucket.Count;
            if (count >= rank)
            {
                break;
            }
        }

        var lower = bucket.Lower;
        var upper = bucket.Upper;
        if (lower < 0 && upper > 0)
        {
            if (h.NegativeBuckets.Count == 0 && h.PositiveBuckets.Count > 0)
            {
                lower = 0;
            }
            else if (h.PositiveBuckets.Count == 0 && h.NegativeBuckets.Count > 0)
            {
                upper = 0;
            }
        }

        count = Math.Min(count, h.Count);
        if (count < rank)
        {
            // The rank lies among NaN observations, which have no bucket.
            return double.IsNaN(h.Sum) ? double.NaN : upper;
        }

        rank = forward ? rank - (count - bucket.Count) : count - rank;
        var fraction = rank / bucket.Count;
        if (lower <= 0 && upper >= 0)
        {
            return lower + ((upper - lower) * fraction);
        }

        var logLower = Math.Log2(Math.Abs(lower));
        var logUpper = Math.Log2(Math.Abs(upper));
        if (lower > 0)
        {
            return Math.Pow(2, logLower + ((logUpper - logLower) * fraction));
        }

        return -Math.Pow(2, logUpper + ((logLower - logUpper) * (1 - fraction)));
    }

    public static double Fraction(double lower, double upper, FloatHistogram h)
    {
        if (h.UsesCustomBuckets)
        {
            return h.Count == 0 ? double.NaN : Evaluator.BucketFraction(lower, upper, Cumulative(h));
        }

        if (h.Count == 0 || double.IsNaN(lower) || double.IsNaN(upper))
        {
            return double.NaN;
        }

        if (lower >= upper)
        {
            return 0;
        }

        double rank = 0, lowerRank = 0, upperRank = 0;
        bool lowerSet = false, upperSet = false;
        foreach (var b in h.AllBuckets())
        {
            var bucketLower = b.Lower;
            var bucketUpper = b.Upper;
            var zeroBucket = bucketLower <= 0 && bucketUpper >= 0;
            if (zeroBucket)
            {
                if (h.NegativeBuckets.Count == 0 && h.PositiveBuckets.Count > 0)
                {
                    bucketLower = 0;
                }
                else if (h.PositiveBuckets.Count == 0 && h.NegativeBuckets.Count > 0)
                {
                    bucketUpper = 0;
                }
            }

            double Interpolate(double v)
            {
                if (zeroBucket)
                {
                    return rank + (b.Count * (v - bucketLower) / (bucketUpper - bucketLower));
                }

                var logLower = Math.Log2(Math.Abs(bucketLower));
                var logUpper = Math.Log2(Math.Abs(bucketUpper));
                var logV = Math.Log2(Math.Abs(v));
                var fraction = v > 0 ? (logV - logLower) / (logUpper - logLower) : 1 - ((logV - logUpper) / (logLower - logUpper));
                return rank + (b.Count * fraction);
            }

            if (!lowerSet && bucketLower >= lower)
            {
                lowerRank = rank;
                lowerSet = true;
            }

            if (!upperSet && bucketLower >= upper)
            {
                upperRank = rank;
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            if (!lowerSet && bucketLower < lower && bucketUpper > lower)
            {
                lowerRank = Interpolate(lower);
                lowerSet = true;
            }

            if (!upperSet && bucketLower < upper && bucketUpper > upper)
            {
                upperRank = Interpolate(upper);
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            rank += b.Count;
        }

        // A bound past every bucket ranks at the observations in buckets, which leaves out NaN
        // observations: they count in the total but sit in no bucket.
        lowerRank = Math.Min(lowerSet ? lowerRank : rank, h.Count);
        upperRank = Math.Min(upperSet ? upperRank : rank, h.Count);
        return (upperRank - lowerRank) / h.Count;
    }

    /// <summary>
    /// Estimates the variance of the observations: each bucket's count sits at its arithmetic mean
    /// for custom buckets, at zero for the zero bucket, and at its geometric mean otherwise.
    /// </summary>
    public static double Variance(FloatHistogram h)
    {
        var mean = h.Sum / h.Count;
        double variance = 0, compensation = 0;
        foreach (var bucket in h.AllBuckets())
        {
            double value;
            if (h.UsesCustomBuckets)
            {
                value = (bucket.Upper + bucket.Lower) / 2.0;
            }
            else if (bucket.Lower <= 0 && bucket.Upper >= 0)
            {
                value = 0;
            }
            else
            {
                value = Math.Sqrt(bucket.Upper * bucket.Lower);
                if (bucket.Upper < 0)
                {
                    value = -value;
                }
            }

            var delta = value - mean;
            (variance, compensation) = Kahan.Add(bucket.Count * delta * delta, variance, compensation);
        }

        return (variance + compensation) / h.Count;
    }

    /// <summary>Returns the custom buckets as classic cumulative (upper bound, count) pairs, +Inf last.</summary>
    private static List<(double Bound, double Count)> Cumulative(FloatHistogram h)
    {
        var counts = new double[h.CustomValues.Count + 1];
        foreach (var (index, count) in h.PositiveIndexed())
        {
            if (index >= 0 && index < counts.Length)
            {
                counts[index] += count;
            }
        }

        var result = new List<(double Bound, double Count)>(counts.Length);
        var cumulative = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            result.Add((i < h.CustomValues.Count ? h.CustomValues[i] : double.PositiveInfinity, cumulative));
        }

        return result;
    }
}

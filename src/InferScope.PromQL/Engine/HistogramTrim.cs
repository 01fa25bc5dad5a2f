using InferScope.Model.Histograms;

namespace InferScope.PromQL.Engine;

/// <summary>
/// The trim operators <c>&lt;/</c> and <c>&gt;/</c> of Prometheus 3.x: keep the observations of
/// a native histogram below or above a cutoff. A bucket that the cutoff splits keeps the share of
/// its count that interpolation puts on the kept side: exponential inside exponential buckets,
/// linear in the zero bucket and in custom buckets. When anything is trimmed, the sum is estimated
/// again from the kept buckets, each count placed at the geometric mean of its kept range
/// (exponential buckets) or at the arithmetic mean (zero bucket and custom buckets).
/// </summary>
internal static class HistogramTrim
{
    public static FloatHistogram Trim(FloatHistogram h, double cutoff, bool keepBelow)
    {
        var trimmed = false;
        double count = 0, sum = 0;
        (int Index, double Count) Apply(int index, double bucketCount, (double Fraction, double Representative) part)
        {
            if (bucketCount == 0)
            {
                return (index, 0);
            }

            trimmed |= part.Fraction < 1;
            var keptCount = bucketCount * part.Fraction;
            count += keptCount;
            if (keptCount != 0)
            {
                sum += keptCount * part.Representative;
            }

            return (index, keptCount);
        }

        var positive = new List<(int Index, double Count)>();
        var negative = new List<(int Index, double Count)>();
        var zeroCount = 0.0;
        if (h.UsesCustomBuckets)
        {
            foreach (var (index, bucketCount) in h.PositiveIndexed())
            {
                positive.Add(Apply(index, bucketCount, CustomPart(h.LowerBound(index), h.UpperBound(index), cutoff, keepBelow)));
            }
        }
        else
        {
            foreach (var (index, bucketCount) in h.NegativeIndexed())
            {
                negative.Add(Apply(index, bucketCount, ExponentialPart(-h.UpperBound(index), -h.LowerBound(index), cutoff, keepBelow)));
            }

            if (h.ZeroCount != 0)
            {
                // The zero bucket leans to the side that has buckets: [0, t] with only positive
                // buckets, [-t, 0] with only negative ones, else [-t, t].
                var lower = -h.ZeroThreshold;
                var upper = h.ZeroThreshold;
                if (h.NegativeBuckets.Count == 0 && h.PositiveBuckets.Count > 0)
                {
                    lower = 0;
                }
                else if (h.PositiveBuckets.Count == 0 && h.NegativeBuckets.Count > 0)
                {
                    upper = 0;
                }

                zeroCount = Apply(0, h.ZeroCount, LinearPart(lower, upper, cutoff, keepBelow)).Count;
            }

            foreach (var (index, bucketCount) in h.PositiveIndexed())
            {
                positive.Add(Apply(index, bucketCount, ExponentialPart(h.LowerBound(index), h.UpperBound(index), cutoff, keepBelow)));
            }
        }

        if (!trimmed)
        {
            return h;
        }

        return FloatHistogram.FromBuckets(h.Schema, h.ZeroThreshold, zeroCount, count, sum, positive, negative, h.CustomValues, h.CounterResetHint);
    }

    private static (double Fraction, double Representative) LinearPart(double lower, double upper, double cutoff, bool keepBelow)
    {
        if (keepBelow ? cutoff >= upper : cutoff <= lower)
        {
            return (1, (lower + upper) / 2);
        }

        if (keepBelow ? cutoff <= lower : cutoff >= upper)
        {
            return (0, 0);
        }

        if (keepBelow)
        {
            return ((cutoff - lower) / (upper - lower), (lower + cutoff) / 2);
        }

        return ((upper - cutoff) / (upper - lower), (cutoff + upper) / 2);
    }

    /// <summary>Splits an exponential bucket, whose bounds have the same sign.</summary>
    private static (double Fraction, double Representative) ExponentialPart(double lower, double upper, double cutoff, bool keepBelow)
    {
        var sign = upper <= 0 ? -1.0 : 1.0;
        var whole = sign * Math.Sqrt(lower * upper);
        if (keepBelow ? cutoff >= upper : cutoff <= lower)
        {
            return (1, whole);
        }

        if (keepBelow ? cutoff <= lower : cutoff >= upper)
        {
            return (0, 0);
        }

        var logLower = Math.Log2(Math.Abs(lower));
        var logUpper = Math.Log2(Math.Abs(upper));
        var logCutoff = Math.Log2(Math.Abs(cutoff));
        var belowShare = (logCutoff - logLower) / (logUpper - logLower);
        var fraction = keepBelow ? belowShare : 1 - belowShare;
        var keptFrom = keepBelow ? lower : cutoff;
        var keptTo = keepBelow ? cutoff : upper;
        return (fraction, sign * Math.Sqrt(keptFrom * keptTo));
    }

    /// <summary>
    /// Splits a custom bucket. The +Inf bucket is kept whole above a cutoff, at the larger of its
    /// lower bound and the cutoff, and dropped below any finite cutoff. The first bucket reads as
    /// [0, bound] when its bound is positive, and otherwise is kept whole below a cutoff, at the
    /// smaller of its bound and the cutoff, and dropped above any finite cutoff.
    /// </summary>
    private static (double Fraction, double Representative) CustomPart(double lower, double upper, double cutoff, bool keepBelow)
    {
        if (double.IsNegativeInfinity(lower) && double.IsPositiveInfinity(upper))
        {
            var keepAll = keepBelow ? double.IsPositiveInfinity(cutoff) : double.IsNegativeInfinity(cutoff);
            return keepAll ? (1, 0) : (0, 0);
        }

        if (double.IsPositiveInfinity(upper))
        {
            if (keepBelow)
            {
                return double.IsPositiveInfinity(cutoff) ? (1, lower) : (0, 0);
            }

            return double.IsPositiveInfinity(cutoff) ? (0, 0) : (1, Math.Max(lower, cutoff));
        }

        if (double.IsNegativeInfinity(lower))
        {
            if (keepBelow)
            {
                if (upper > 0)
                {
                    return LinearPart(0, upper, cutoff, keepBelow);
                }

                return double.IsNegativeInfinity(cutoff) ? (0, 0) : (1, Math.Min(upper, cutoff));
            }

            if (double.IsNegativeInfinity(cutoff))
            {
                return (1, upper > 0 ? upper / 2 : upper);
            }

            return upper > 0 && cutoff >= 0 ? LinearPart(0, upper, cutoff, keepBelow) : (0, 0);
        }

        return LinearPart(lower, upper, cutoff, keepBelow);
    }
}

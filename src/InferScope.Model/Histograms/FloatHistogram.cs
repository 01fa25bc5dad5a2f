using System.Globalization;
using System.Text;

namespace InferScope.Model.Histograms;

/// <summary>
/// A native histogram with float counts, laid out as Prometheus lays it out: a schema, a zero
/// bucket, and positive and negative buckets addressed by index through spans. Exponential
/// schemas −4…8 give bucket i of the positive side the range (base^(i−1), base^i] with base
/// 2^(2^−schema). Schema −53 uses custom bounds instead: bucket i covers
/// (CustomValues[i−1], CustomValues[i]], with −Inf before the first bound and +Inf after the last.
/// Instances are treated as values: operations return new histograms and never change their inputs.
/// </summary>
public sealed partial class FloatHistogram
{
    /// <summary>The schema of histograms with custom bucket bounds.</summary>
    public const int CustomBucketsSchema = -53;

    public const int MinExponentialSchema = -4;

    public const int MaxExponentialSchema = 8;

    public int Schema { get; init; }

    /// <summary>The zero bucket covers [−ZeroThreshold, ZeroThreshold].</summary>
    public double ZeroThreshold { get; init; }

    public double ZeroCount { get; init; }

    /// <summary>The number of observations, including those in the zero bucket and NaN observations.</summary>
    public double Count { get; init; }

    public double Sum { get; init; }

    public IReadOnlyList<BucketSpan> PositiveSpans { get; init; } = [];

    /// <summary>Absolute bucket counts in the order <see cref="PositiveSpans"/> lists their indexes.</summary>
    public IReadOnlyList<double> PositiveBuckets { get; init; } = [];

    public IReadOnlyList<BucketSpan> NegativeSpans { get; init; } = [];

    public IReadOnlyList<double> NegativeBuckets { get; init; } = [];

    /// <summary>The ascending upper bounds of custom buckets (schema −53 only); +Inf is implicit.</summary>
    public IReadOnlyList<double> CustomValues { get; init; } = [];

    public CounterResetHint CounterResetHint { get; init; }

    public bool UsesCustomBuckets => Schema == CustomBucketsSchema;

    /// <summary>Builds a histogram from sparse buckets (index, count) sorted by index.</summary>
    public static FloatHistogram FromBuckets(
        int schema,
        double zeroThreshold,
        double zeroCount,
        double count,
        double sum,
        IEnumerable<(int Index, double Count)> positive,
        IEnumerable<(int Index, double Count)> negative,
        IReadOnlyList<double>? customValues = null,
        CounterResetHint hint = CounterResetHint.Unknown)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(negative);
        var (positiveSpans, positiveBuckets) = ToSpans(positive);
        var (negativeSpans, negativeBuckets) = ToSpans(negative);
        return new FloatHistogram
        {
            Schema = schema,
            ZeroThreshold = zeroThreshold,
            ZeroCount = zeroCount,
            Count = count,
            Sum = sum,
            PositiveSpans = positiveSpans,
            PositiveBuckets = positiveBuckets,
            NegativeSpans = negativeSpans,
            NegativeBuckets = negativeBuckets,
            CustomValues = customValues ?? [],
            CounterResetHint = hint,
        };
    }

    /// <summary>Returns the positive buckets as (index, count) pairs in index order, empty buckets included.</summary>
    public List<(int Index, double Count)> PositiveIndexed() => Indexed(PositiveSpans, PositiveBuckets);

    /// <summary>Returns the negative buckets as (index, count) pairs in index order, empty buckets included.</summary>
    public List<(int Index, double Count)> NegativeIndexed() => Indexed(NegativeSpans, NegativeBuckets);

    /// <summary>Returns a copy with another counter-reset hint.</summary>
    public FloatHistogram WithHint(CounterResetHint hint) => Rebuild(this, PositiveIndexed(), NegativeIndexed(), ZeroCount, Count, Sum, hint);

    /// <summary>Returns a copy with empty buckets removed and adjacent buckets joined into one span.</summary>
    public FloatHistogram Compact() => Rebuild(this, NonEmpty(PositiveIndexed()), NonEmpty(NegativeIndexed()), ZeroCount, Count, Sum, CounterResetHint);

    /// <summary>
    /// Returns the upper bound of bucket <paramref name="index"/> on the positive side. For an
    /// exponential schema that is 2^(index × 2^−schema); for custom buckets the bound at that position.
    /// </summary>
    public double UpperBound(int index) => UsesCustomBuckets ? CustomBound(index) : ExponentialBound(index, Schema);

    /// <summary>Returns the lower bound of positive bucket <paramref name="index"/>.</summary>
    public double LowerBound(int index) => UsesCustomBuckets
        ? (index <= 0 ? double.NegativeInfinity : CustomBound(index - 1))
        : ExponentialBound(index - 1, Schema);

    /// <summary>Returns 2^(index × 2^−schema), the upper bound of a positive exponential bucket.</summary>
    public static double ExponentialBound(int index, int schema)
    {
        if (schema <= 0)
        {
            var exponent = (long)index << -schema;
            return Math.ScaleB(1.0, (int)Math.Clamp(exponent, -2000, 2000));
        }

        var perPowerOfTwo = 1 << schema;
        var fraction = index & (perPowerOfTwo - 1);
        var whole = index >> schema;
        return Math.ScaleB(Math.Pow(2, fraction / (double)perPowerOfTwo), whole);
    }

    /// <summary>
    /// Returns every bucket with a non-zero count from the lowest bound to the highest: negative
    /// buckets, the zero bucket, then positive buckets.
    /// </summary>
    public IEnumerable<HistogramBucket> AllBuckets()
    {
        var negative = NegativeIndexed();
        for (var i = negative.Count - 1; i >= 0; i--)
        {
            var (index, count) = negative[i];
            if (count != 0)
            {
                yield return new HistogramBucket(-UpperBound(index), -LowerBound(index), true, false, count);
            }
        }

        if (ZeroCount != 0)
        {
            yield return new HistogramBucket(-ZeroThreshold, ZeroThreshold, true, true, ZeroCount);
        }

        foreach (var (index, count) in PositiveIndexed())
        {
            if (count != 0)
            {
                yield return new HistogramBucket(LowerBound(index), UpperBound(index), false, true, count);
            }
        }
    }

    /// <summary>
    /// Compares two histograms exactly, after dropping empty buckets: schema, zero bucket, count,
    /// sum (NaN equals NaN), custom bounds and every bucket. The counter-reset hint is not compared.
    /// </summary>
    public bool ValueEquals(FloatHistogram? other)
    {
        if (other is null)
        {
            return false;
        }

        if (Schema != other.Schema || ZeroThreshold != other.ZeroThreshold || !SameFloat(ZeroCount, other.ZeroCount)
            || !SameFloat(Count, other.Count) || !SameFloat(Sum, other.Sum) || !CustomValues.SequenceEqual(other.CustomValues))
        {
            return false;
        }

        return NonEmpty(PositiveIndexed()).SequenceEqual(NonEmpty(other.PositiveIndexed()))
            && NonEmpty(NegativeIndexed()).SequenceEqual(NonEmpty(other.NegativeIndexed()));
    }

    /// <summary>Formats the histogram as Prometheus does in messages: count, sum, then each non-empty bucket.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{count:{Format(Count)}, sum:{Format(Sum)}");
        foreach (var bucket in AllBuckets())
        {
            text.Append(", ")
                .Append(bucket.LowerInclusive ? '[' : '(')
                .Append(Format(bucket.Lower))
                .Append(',')
                .Append(Format(bucket.Upper))
                .Append(bucket.UpperInclusive ? ']' : ')')
                .Append(':')
                .Append(Format(bucket.Count));
        }

        return text.Append('}').ToString();
    }

    /// <summary>Formats a float as Go's <c>%g</c> does for shortest values: <c>+Inf</c>, <c>NaN</c>, <c>1e-05</c>.</summary>
    private static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return $"{text[..e]}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }

    private static bool SameFloat(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));

    private double CustomBound(int index)
    {
        if (index < 0)
        {
            return double.NegativeInfinity;
        }

        return index < CustomValues.Count ? CustomValues[index] : double.PositiveInfinity;
    }

    private static List<(int Index, double Count)> Indexed(IReadOnlyList<BucketSpan> spans, IReadOnlyList<double> buckets)
    {
        var result = new List<(int, double)>(buckets.Count);
        var index = 0;
        var position = 0;
        for (var s = 0; s < spans.Count; s++)
        {
            index += spans[s].Offset;
            for (var j = 0; j < spans[s].Length && position < buckets.Count; j++)
            {
                result.Add((index, buckets[position++]));
                index++;
            }
        }

        return result;
    }

    private static List<(int Index, double Count)> NonEmpty(List<(int Index, double Count)> buckets)
    {
        buckets.RemoveAll(b => b.Count == 0);
        return buckets;
    }

    private static (BucketSpan[] Spans, double[] Buckets) ToSpans(IEnumerable<(int Index, double Count)> sorted)
    {
        var spans = new List<BucketSpan>();
        var counts = new List<double>();
        var next = 0;
        var first = true;
        foreach (var (index, count) in sorted)
        {
            if (!first && index == next)
            {
                spans[^1] = spans[^1] with { Length = spans[^1].Length + 1 };
            }
            else
            {
                spans.Add(new BucketSpan(first ? index : index - next, 1));
            }

            counts.Add(count);
            next = index + 1;
            first = false;
        }

        return ([.. spans], [.. counts]);
    }

    private static FloatHistogram Rebuild(
        FloatHistogram template,
        IEnumerable<(int Index, double Count)> positive,
        IEnumerable<(int Index, double Count)> negative,
        double zeroCount,
        double count,
        double sum,
        CounterResetHint hint) =>
        FromBuckets(template.Schema, template.ZeroThreshold, zeroCount, count, sum, positive, negative, template.CustomValues, hint);
}

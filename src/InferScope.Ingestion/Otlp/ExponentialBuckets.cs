using System.Globalization;
using InferScope.Ingestion.Otlp.Protocol.Metrics;

namespace InferScope.Ingestion.Otlp;

/// <summary>
/// An exponential histogram in a form that can be summed and turned into classic buckets.
/// Bucket <c>i</c> of scale <c>s</c> covers (base^i, base^(i+1)] with base = 2^(2^-s); negative
/// buckets mirror it below zero.
/// </summary>
internal sealed class ExponentialBuckets
{
    public int Scale { get; private set; }

    public double ZeroThreshold { get; private set; }

    public ulong ZeroCount { get; private set; }

    public ulong Count { get; private set; }

    public double Sum { get; private set; }

    public bool HasSum { get; private set; }

    public SortedDictionary<int, ulong> Positive { get; } = [];

    public SortedDictionary<int, ulong> Negative { get; } = [];

    public static ExponentialBuckets From(ExponentialHistogramDataPoint point)
    {
        var buckets = new ExponentialBuckets
        {
            Scale = point.Scale,
            ZeroThreshold = point.ZeroThreshold,
            ZeroCount = point.ZeroCount,
            Count = point.Count,
            Sum = point.HasSum ? point.Sum : 0,
            HasSum = point.HasSum,
        };
        Fill(buckets.Positive, point.Positive);
        Fill(buckets.Negative, point.Negative);
        return buckets;
    }

    /// <summary>
    /// Adds another histogram, first reducing both to the smaller of the two scales. An empty
    /// histogram takes the other's scale.
    /// </summary>
    public void Add(ExponentialBuckets other)
    {
        var empty = Count == 0 && ZeroCount == 0 && Positive.Count == 0 && Negative.Count == 0;
        var scale = empty ? other.Scale : Math.Min(Scale, other.Scale);
        Downscale(scale);
        Scale = scale;
        var copy = other.Clone();
        copy.Downscale(scale);
        foreach (var (index, count) in copy.Positive)
        {
            Positive[index] = Positive.GetValueOrDefault(index) + count;
        }

        foreach (var (index, count) in copy.Negative)
        {
            Negative[index] = Negative.GetValueOrDefault(index) + count;
        }

        ZeroCount += copy.ZeroCount;
        ZeroThreshold = Math.Max(ZeroThreshold, copy.ZeroThreshold);
        Count += copy.Count;
        Sum += copy.Sum;
        HasSum |= copy.HasSum;
    }

    /// <summary>
    /// Returns classic buckets as (upper bound, cumulative count) in ascending order: the negative
    /// buckets, a bucket at the zero threshold holding the zero count, the positive buckets, and
    /// +Inf holding the total count.
    /// </summary>
    public List<(double UpperBound, ulong CumulativeCount)> ToClassicBuckets()
    {
        var result = new List<(double, ulong)>(Negative.Count + Positive.Count + 2);
        ulong cumulative = 0;
        foreach (var (index, count) in Negative.Reverse())
        {
            cumulative += count;
            result.Add((-Bound(index), cumulative));
        }

        cumulative += ZeroCount;
        result.Add((ZeroThreshold, cumulative));
        foreach (var (index, count) in Positive)
        {
            cumulative += count;
            result.Add((Bound(index + 1), cumulative));
        }

        result.Add((double.PositiveInfinity, Count));
        return result;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"scale {Scale}, {Positive.Count} positive and {Negative.Count} negative buckets");

    /// <summary>Returns base^index for the current scale.</summary>
    private double Bound(int index) => Math.Pow(2, index * Math.Pow(2, -Scale));

    private ExponentialBuckets Clone()
    {
        var copy = new ExponentialBuckets
        {
            Scale = Scale,
            ZeroThreshold = ZeroThreshold,
            ZeroCount = ZeroCount,
            Count = Count,
            Sum = Sum,
            HasSum = HasSum,
        };
        foreach (var (index, count) in Positive)
        {
            copy.Positive[index] = count;
        }

        foreach (var (index, count) in Negative)
        {
            copy.Negative[index] = count;
        }

        return copy;
    }

    /// <summary>Merges neighbouring buckets until the scale is <paramref name="target"/>.</summary>
    private void Downscale(int target)
    {
        var shift = Scale - target;
        if (shift <= 0)
        {
            return;
        }

        Merge(Positive, shift);
        Merge(Negative, shift);
        Scale = target;
    }

    private static void Merge(SortedDictionary<int, ulong> buckets, int shift)
    {
        var merged = new SortedDictionary<int, ulong>();
        foreach (var (index, count) in buckets)
        {
            // An arithmetic shift floors, so negative indexes merge the same way as positive ones.
            var target = index >> shift;
            merged[target] = merged.GetValueOrDefault(target) + count;
        }

        buckets.Clear();
        foreach (var (index, count) in merged)
        {
            buckets[index] = count;
        }
    }

    private static void Fill(SortedDictionary<int, ulong> target, ExponentialHistogramDataPoint.Types.Buckets? source)
    {
        if (source is null)
        {
            return;
        }

        for (var i = 0; i < source.BucketCounts.Count; i++)
        {
            if (source.BucketCounts[i] != 0)
            {
                target[source.Offset + i] = source.BucketCounts[i];
            }
        }
    }
}

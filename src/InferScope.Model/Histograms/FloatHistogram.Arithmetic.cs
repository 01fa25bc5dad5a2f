namespace InferScope.Model.Histograms;

/// <summary>Adding, subtracting and scaling native histograms, and detecting counter resets.</summary>
public sealed partial class FloatHistogram
{
    /// <summary>
    /// Returns this + <paramref name="other"/>. Exponential histograms meet at the smaller schema and
    /// the wider zero bucket. Custom-bucket histograms with different bounds meet at the bounds both
    /// have, and <paramref name="boundsReconciled"/> reports that. <paramref name="counterResetCollision"/>
    /// reports that one input states a reset and the other states none.
    /// </summary>
    /// <exception cref="IncompatibleHistogramsException">One histogram has exponential buckets and the other custom buckets.</exception>
    public FloatHistogram Add(FloatHistogram other, out bool counterResetCollision, out bool boundsReconciled) =>
        Combine(other, 1, out counterResetCollision, out boundsReconciled);

    /// <summary>Returns this − <paramref name="other"/>, with the same alignment rules as <see cref="Add"/>.</summary>
    /// <exception cref="IncompatibleHistogramsException">One histogram has exponential buckets and the other custom buckets.</exception>
    public FloatHistogram Subtract(FloatHistogram other, out bool counterResetCollision, out bool boundsReconciled) =>
        Combine(other, -1, out counterResetCollision, out boundsReconciled);

    /// <summary>Returns the histogram with every count and the sum multiplied by <paramref name="factor"/>.</summary>
    public FloatHistogram Multiply(double factor) => Scale(c => c * factor);

    /// <summary>
    /// Returns the histogram with every count and the sum divided by <paramref name="divisor"/>.
    /// Division by zero leaves only the zero bucket, set to count / 0, as Prometheus 3.x does.
    /// </summary>
    public FloatHistogram Divide(double divisor)
    {
        if (divisor == 0)
        {
            return FromBuckets(Schema, ZeroThreshold, Count / divisor, Count / divisor, Sum / divisor, [], [], CustomValues, CounterResetHint);
        }

        return Scale(c => c / divisor);
    }

    /// <summary>Returns the histogram at a lower resolution: every 2^(Schema − target) buckets merge into one.</summary>
    public FloatHistogram ReduceResolution(int targetSchema)
    {
        if (UsesCustomBuckets || targetSchema >= Schema)
        {
            return this;
        }

        var delta = Schema - targetSchema;
        return FromBuckets(targetSchema, ZeroThreshold, ZeroCount, Count, Sum, Reduce(PositiveIndexed(), delta), Reduce(NegativeIndexed(), delta), CustomValues, CounterResetHint);
    }

    /// <summary>
    /// Reports whether this sample follows a counter reset after <paramref name="previous"/>: the hint
    /// states one, or the count, the zero bucket or any bucket went down, the schema grew finer, the
    /// zero bucket narrowed, or the bucket kind changed between exponential and custom.
    /// </summary>
    public bool DetectReset(FloatHistogram previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        switch (CounterResetHint)
        {
            case CounterResetHint.CounterReset:
                return true;
            case CounterResetHint.NotCounterReset:
                return false;
            default:
                break;
        }

        if (Count < previous.Count || UsesCustomBuckets != previous.UsesCustomBuckets
            || Schema > previous.Schema || ZeroThreshold < previous.ZeroThreshold)
        {
            return true;
        }

        if (UsesCustomBuckets)
        {
            if (CustomValues.SequenceEqual(previous.CustomValues))
            {
                return AnyBucketDecreased(previous.PositiveIndexed(), PositiveIndexed());
            }

            // Different bounds are compared on the bounds both histograms have.
            var common = CustomValues.Intersect(previous.CustomValues).Order().ToArray();
            return AnyBucketDecreased(Rebucket(previous.PositiveIndexed(), previous.CustomValues, common), Rebucket(PositiveIndexed(), CustomValues, common));
        }

        var reduced = previous.ReduceResolution(Schema);
        var positive = reduced.PositiveIndexed();
        var negative = reduced.NegativeIndexed();
        var (previousZero, threshold) = WidenZeroBucket(positive, negative, Schema, reduced.ZeroCount, reduced.ZeroThreshold, ZeroThreshold);
        if (threshold != ZeroThreshold || ZeroCount < previousZero)
        {
            return true;
        }

        return AnyBucketDecreased(positive, PositiveIndexed()) || AnyBucketDecreased(negative, NegativeIndexed());
    }

    private static bool AnyBucketDecreased(List<(int Index, double Count)> previous, List<(int Index, double Count)> current)
    {
        var counts = new Dictionary<int, double>(current.Count);
        foreach (var (index, count) in current)
        {
            counts[index] = count;
        }

        foreach (var (index, count) in previous)
        {
            if (count > 0 && counts.GetValueOrDefault(index) < count)
            {
                return true;
            }
        }

        return false;
    }

    private FloatHistogram Scale(Func<double, double> scale)
    {
        var positive = PositiveIndexed().ConvertAll(b => (b.Index, scale(b.Count)));
        var negative = NegativeIndexed().ConvertAll(b => (b.Index, scale(b.Count)));
        return FromBuckets(Schema, ZeroThreshold, scale(ZeroCount), scale(Count), scale(Sum), positive, negative, CustomValues, CounterResetHint);
    }

    private FloatHistogram Combine(FloatHistogram other, double sign, out bool counterResetCollision, out bool boundsReconciled)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (UsesCustomBuckets != other.UsesCustomBuckets)
        {
            throw new IncompatibleHistogramsException();
        }

        var hint = CombineHints(CounterResetHint, other.CounterResetHint, out counterResetCollision);
        boundsReconciled = false;
        List<(int Index, double Count)> leftPositive, rightPositive, leftNegative, rightNegative;
        double leftZero = ZeroCount, rightZero = other.ZeroCount;
        int schema;
        var threshold = ZeroThreshold;
        IReadOnlyList<double> customValues = CustomValues;
        if (UsesCustomBuckets)
        {
            schema = CustomBucketsSchema;
            leftPositive = PositiveIndexed();
            rightPositive = other.PositiveIndexed();
            leftNegative = [];
            rightNegative = [];
            if (!CustomValues.SequenceEqual(other.CustomValues))
            {
                var common = CustomValues.Intersect(other.CustomValues).Order().ToArray();
                leftPositive = Rebucket(leftPositive, CustomValues, common);
                rightPositive = Rebucket(rightPositive, other.CustomValues, common);
                customValues = common;
                boundsReconciled = true;
            }
        }
        else
        {
            schema = Math.Min(Schema, other.Schema);
            var left = ReduceResolution(schema);
            var right = other.ReduceResolution(schema);
            leftPositive = left.PositiveIndexed();
            rightPositive = right.PositiveIndexed();
            leftNegative = left.NegativeIndexed();
            rightNegative = right.NegativeIndexed();
            if (ZeroThreshold != other.ZeroThreshold)
            {
                threshold = Math.Max(ZeroThreshold, other.ZeroThreshold);
                while (true)
                {
                    var (_, afterLeft) = WidenZeroBucket(leftPositive, leftNegative, schema, leftZero, ZeroThreshold, threshold);
                    var (_, afterRight) = WidenZeroBucket(rightPositive, rightNegative, schema, rightZero, other.ZeroThreshold, afterLeft);
                    if (afterRight == threshold)
                    {
                        break;
                    }

                    threshold = afterRight;
                }

                (leftZero, _) = WidenZeroBucket(leftPositive, leftNegative, schema, leftZero, ZeroThreshold, threshold);
                (rightZero, _) = WidenZeroBucket(rightPositive, rightNegative, schema, rightZero, other.ZeroThreshold, threshold);
                RemoveInsideZeroBucket(leftPositive, schema, threshold);
                RemoveInsideZeroBucket(leftNegative, schema, threshold);
                RemoveInsideZeroBucket(rightPositive, schema, threshold);
                RemoveInsideZeroBucket(rightNegative, schema, threshold);
            }
        }

        return FromBuckets(
            schema,
            threshold,
            leftZero + (sign * rightZero),
            Count + (sign * other.Count),
            Sum + (sign * other.Sum),
            Merge(leftPositive, rightPositive, sign),
            Merge(leftNegative, rightNegative, sign),
            customValues,
            hint);
    }

    private static CounterResetHint CombineHints(CounterResetHint left, CounterResetHint right, out bool collision)
    {
        collision = false;
        if (left == right || left == CounterResetHint.Gauge)
        {
            return left;
        }

        if (right == CounterResetHint.Gauge)
        {
            return CounterResetHint.Gauge;
        }

        if (left == CounterResetHint.Unknown || right == CounterResetHint.Unknown)
        {
            return CounterResetHint.Unknown;
        }

        // One states a reset and the other states none: the sum cannot honor both.
        collision = true;
        return CounterResetHint.Unknown;
    }

    private static List<(int Index, double Count)> Merge(List<(int Index, double Count)> left, List<(int Index, double Count)> right, double sign)
    {
        var result = new List<(int Index, double Count)>(left.Count + right.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (j >= right.Count || (i < left.Count && left[i].Index < right[j].Index))
            {
                result.Add(left[i++]);
            }
            else if (i >= left.Count || right[j].Index < left[i].Index)
            {
                result.Add((right[j].Index, sign * right[j].Count));
                j++;
            }
            else
            {
                result.Add((left[i].Index, left[i].Count + (sign * right[j].Count)));
                i++;
                j++;
            }
        }

        result.RemoveAll(b => b.Count == 0);
        return result;
    }

    private static List<(int Index, double Count)> Reduce(List<(int Index, double Count)> buckets, int delta)
    {
        var result = new List<(int Index, double Count)>(buckets.Count);
        foreach (var (index, count) in buckets)
        {
            var target = ((index - 1) >> delta) + 1;
            if (result.Count > 0 && result[^1].Index == target)
            {
                result[^1] = (target, result[^1].Count + count);
            }
            else
            {
                result.Add((target, count));
            }
        }

        return result;
    }

    /// <summary>Moves custom buckets onto a subset of their bounds: each bucket joins the first new bucket whose upper bound is at or above its own.</summary>
    private static List<(int Index, double Count)> Rebucket(List<(int Index, double Count)> buckets, IReadOnlyList<double> from, double[] to)
    {
        var counts = new SortedDictionary<int, double>();
        foreach (var (index, count) in buckets)
        {
            var upper = index < from.Count ? from[index] : double.PositiveInfinity;
            var target = Array.BinarySearch(to, upper);
            if (target < 0)
            {
                target = ~target;
            }

            counts[target] = counts.GetValueOrDefault(target) + count;
        }

        return [.. counts.Select(c => (c.Key, c.Value))];
    }

    /// <summary>
    /// Returns the zero count after widening the zero bucket to <paramref name="target"/>, and the
    /// threshold actually reached: when the target falls inside a populated bucket, the zero bucket
    /// takes that whole bucket and the threshold moves up to its upper bound.
    /// </summary>
    private static (double ZeroCount, double Threshold) WidenZeroBucket(
        List<(int Index, double Count)> positive,
        List<(int Index, double Count)> negative,
        int schema,
        double zeroCount,
        double threshold,
        double target)
    {
        if (target <= threshold)
        {
            return (zeroCount, threshold);
        }

        while (true)
        {
            var count = zeroCount;
            var raised = target;
            foreach (var side in (List<(int Index, double Count)>[])[positive, negative])
            {
                foreach (var (index, bucketCount) in side)
                {
                    var lower = ExponentialBound(index - 1, schema);
                    if (lower >= target)
                    {
                        break;
                    }

                    count += bucketCount;
                    var upper = ExponentialBound(index, schema);
                    if (upper > target && bucketCount != 0)
                    {
                        raised = Math.Max(raised, upper);
                    }
                }
            }

            if (raised == target)
            {
                return (count, target);
            }

            target = raised;
        }
    }

    private static void RemoveInsideZeroBucket(List<(int Index, double Count)> buckets, int schema, double threshold) =>
        buckets.RemoveAll(b => ExponentialBound(b.Index - 1, schema) < threshold);
}

namespace InferScope.Model.Histograms;

/// <summary>Compensated (Neumaier) summation of histograms, field by field and bucket by bucket.</summary>
public sealed partial class FloatHistogram
{
    /// <summary>
    /// Adds <paramref name="other"/> to this running sum, carrying the rounding error of every count
    /// and of the sum in <paramref name="compensation"/>. The total is this + compensation.
    /// When the zero buckets or custom bounds differ, the compensation is folded in and the sum
    /// continues uncompensated from there.
    /// </summary>
    /// <exception cref="IncompatibleHistogramsException">One histogram has exponential buckets and the other custom buckets.</exception>
    public FloatHistogram CompensatedAdd(FloatHistogram other, ref FloatHistogram? compensation, out bool counterResetCollision, out bool boundsReconciled)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (UsesCustomBuckets != other.UsesCustomBuckets)
        {
            throw new IncompatibleHistogramsException();
        }

        var aligned = UsesCustomBuckets
            ? CustomValues.SequenceEqual(other.CustomValues) && (compensation is null || compensation.CustomValues.SequenceEqual(CustomValues))
            : ZeroThreshold == other.ZeroThreshold && (compensation is null || compensation.ZeroThreshold == ZeroThreshold);
        if (!aligned)
        {
            var folded = compensation is null ? this : Add(compensation, out _, out _);
            compensation = null;
            return folded.Add(other, out counterResetCollision, out boundsReconciled);
        }

        boundsReconciled = false;
        var hint = CombineHints(CounterResetHint, other.CounterResetHint, out counterResetCollision);
        var schema = Math.Min(Math.Min(Schema, other.Schema), compensation?.Schema ?? Schema);
        var sum = ReduceResolution(schema);
        var addend = other.ReduceResolution(schema);
        var carry = compensation?.ReduceResolution(schema);
        var positive = Accumulate(sum.PositiveIndexed(), carry?.PositiveIndexed(), addend.PositiveIndexed());
        var negative = Accumulate(sum.NegativeIndexed(), carry?.NegativeIndexed(), addend.NegativeIndexed());
        var (zeroCount, zeroCarry) = Neumaier(addend.ZeroCount, sum.ZeroCount, carry?.ZeroCount ?? 0);
        var (count, countCarry) = Neumaier(addend.Count, sum.Count, carry?.Count ?? 0);
        var (total, totalCarry) = Neumaier(addend.Sum, sum.Sum, carry?.Sum ?? 0);
        compensation = FromBuckets(
            schema,
            ZeroThreshold,
            zeroCarry,
            countCarry,
            totalCarry,
            positive.Select(b => (b.Index, b.Carry)),
            negative.Select(b => (b.Index, b.Carry)),
            CustomValues,
            hint);
        return FromBuckets(
            schema,
            ZeroThreshold,
            zeroCount,
            count,
            total,
            positive.Select(b => (b.Index, b.Sum)),
            negative.Select(b => (b.Index, b.Sum)),
            CustomValues,
            hint);
    }

    private static List<(int Index, double Sum, double Carry)> Accumulate(
        List<(int Index, double Count)> sums,
        List<(int Index, double Count)>? carries,
        List<(int Index, double Count)> addends)
    {
        var buckets = new SortedDictionary<int, (double Sum, double Carry)>();
        foreach (var (index, count) in sums)
        {
            buckets[index] = (count, 0);
        }

        foreach (var (index, count) in carries ?? [])
        {
            var current = buckets.GetValueOrDefault(index);
            buckets[index] = (current.Sum, count);
        }

        foreach (var (index, count) in addends)
        {
            var current = buckets.GetValueOrDefault(index);
            buckets[index] = Neumaier(count, current.Sum, current.Carry);
        }

        return [.. buckets.Select(b => (b.Key, b.Value.Sum, b.Value.Carry))];
    }

    private static (double Sum, double Carry) Neumaier(double increment, double sum, double carry)
    {
        var t = sum + increment;
        if (double.IsInfinity(t))
        {
            return (t, 0);
        }

        carry += Math.Abs(sum) >= Math.Abs(increment) ? (sum - t) + increment : (increment - t) + sum;
        return (t, carry);
    }
}

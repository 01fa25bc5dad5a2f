namespace InferScope.Analysis.Comparison;

/// <summary>A figure with a 95% confidence interval; the bounds equal the value when too few intervals were seen.</summary>
public sealed record Estimate(double Value, double Lower, double Upper)
{
    /// <summary>For a quantile of classic buckets, whether <see cref="Value"/> is only a bound.</summary>
    public QuantileBound Bound { get; init; }

    public static Estimate Missing { get; } = new(double.NaN, double.NaN, double.NaN);

    public bool IsKnown => !double.IsNaN(Value);
}

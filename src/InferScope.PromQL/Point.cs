using InferScope.Model.Histograms;

namespace InferScope.PromQL;

/// <summary>
/// A value at a timestamp in milliseconds since the Unix epoch: a float, or a native histogram
/// when <see cref="Histogram"/> is set (then <see cref="Value"/> is unused).
/// </summary>
public readonly record struct Point(long TimestampMs, double Value)
{
    public FloatHistogram? Histogram { get; init; }
}

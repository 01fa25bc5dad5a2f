using InferScope.Model.Histograms;

namespace InferScope.Storage.Chunks;

/// <summary>Counter-reset hint changes that keep a stored histogram's layout exactly as appended.</summary>
internal static class HistogramHint
{
    /// <summary>
    /// Returns a copy of <paramref name="histogram"/> with another hint and every other field as it
    /// is. <see cref="FloatHistogram.WithHint"/> rebuilds the spans in canonical form, joining
    /// adjacent spans and dropping empty ones, which would change the bytes the store keeps.
    /// </summary>
    public static FloatHistogram Replace(FloatHistogram histogram, CounterResetHint hint) => new()
    {
        Schema = histogram.Schema,
        ZeroThreshold = histogram.ZeroThreshold,
        ZeroCount = histogram.ZeroCount,
        Count = histogram.Count,
        Sum = histogram.Sum,
        PositiveSpans = histogram.PositiveSpans,
        PositiveBuckets = histogram.PositiveBuckets,
        NegativeSpans = histogram.NegativeSpans,
        NegativeBuckets = histogram.NegativeBuckets,
        CustomValues = histogram.CustomValues,
        CounterResetHint = hint,
    };
}

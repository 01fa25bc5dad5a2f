namespace InferScope.Model.Histograms;

/// <summary>One bucket of a native histogram with its bounds and whether each bound belongs to it.</summary>
public readonly record struct HistogramBucket(double Lower, double Upper, bool LowerInclusive, bool UpperInclusive, double Count);

namespace InferScope.Model.Histograms;

/// <summary>
/// A run of consecutive buckets. <see cref="Offset"/> is the gap in bucket indexes from the end
/// of the previous span, or the index of the first bucket for the first span.
/// </summary>
public readonly record struct BucketSpan(int Offset, int Length);

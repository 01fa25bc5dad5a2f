using InferScope.Model.Histograms;

namespace InferScope.Model.Storage;

/// <summary>A forward iterator over one series' samples in timestamp order.</summary>
public interface ISampleIterator
{
    /// <summary>Advances to the next sample; returns false at the end.</summary>
    bool MoveNext();

    /// <summary>Advances to the first sample at or after <paramref name="timestampMs"/>; returns false when there is none.</summary>
    bool Seek(long timestampMs);

    long Timestamp { get; }

    /// <summary>The float value; for a histogram sample, read <see cref="Histogram"/> instead.</summary>
    double Value { get; }

    /// <summary>The kind of the current sample. Stores that keep only floats need not implement it.</summary>
    SampleKind Kind => SampleKind.Float;

    /// <summary>The current sample when <see cref="Kind"/> is <see cref="SampleKind.Histogram"/>, else null.</summary>
    FloatHistogram? Histogram => null;
}

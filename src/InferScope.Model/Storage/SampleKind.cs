namespace InferScope.Model.Storage;

/// <summary>The kind of a stored sample.</summary>
public enum SampleKind
{
    Float,

    /// <summary>A native histogram, read through <see cref="ISampleIterator.Histogram"/>.</summary>
    Histogram,
}

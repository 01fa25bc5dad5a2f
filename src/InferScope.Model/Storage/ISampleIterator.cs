namespace InferScope.Model.Storage;

/// <summary>A forward iterator over one series' samples in timestamp order.</summary>
public interface ISampleIterator
{
    /// <summary>Advances to the next sample; returns false at the end.</summary>
    bool MoveNext();

    /// <summary>Advances to the first sample at or after <paramref name="timestampMs"/>; returns false when there is none.</summary>
    bool Seek(long timestampMs);

    long Timestamp { get; }

    double Value { get; }
}

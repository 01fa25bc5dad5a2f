namespace InferScope.Model.Storage;

/// <summary>A series selected by a querier; its samples are read lazily through an iterator.</summary>
public interface ISeries
{
    Labels Labels { get; }

    /// <summary>Returns a new iterator over the samples in the querier's time range.</summary>
    ISampleIterator CreateIterator();

    /// <summary>
    /// Appends the samples in [<paramref name="minTimestampMs"/>, <paramref name="maxTimestampMs"/>],
    /// within the querier's time range, to <paramref name="batch"/>. Stores override it to decode
    /// whole chunks at a time. The default walks <see cref="CreateIterator"/>.
    /// </summary>
    void ReadSamples(long minTimestampMs, long maxTimestampMs, SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.AddFrom(CreateIterator(), minTimestampMs, maxTimestampMs);
    }
}

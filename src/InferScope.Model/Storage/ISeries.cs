namespace InferScope.Model.Storage;

/// <summary>A series selected by a querier; its samples are read lazily through an iterator.</summary>
public interface ISeries
{
    Labels Labels { get; }

    /// <summary>Returns a new iterator over the samples in the querier's time range.</summary>
    ISampleIterator CreateIterator();
}

namespace InferScope.Model.Storage;

/// <summary>
/// A read view of a store over a fixed time range. Dispose it to release the blocks and memory
/// maps it keeps open.
/// </summary>
public interface IQuerier : IDisposable
{
    /// <summary>Selects the series that all matchers accept, sorted by their labels.</summary>
    IEnumerable<ISeries> Select(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default);

    /// <summary>Returns the sorted label names of the series the matchers select (all series when empty).</summary>
    IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default);

    /// <summary>Returns the sorted values of a label over the series the matchers select (all series when empty).</summary>
    IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default);

    /// <summary>True when the selected series' samples may be read from several threads at once.</summary>
    bool ReadsInParallel => false;
}

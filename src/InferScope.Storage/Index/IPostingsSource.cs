namespace InferScope.Storage.Index;

/// <summary>An index that maps label pairs to postings, implemented by the head and by each block.</summary>
internal interface IPostingsSource
{
    /// <summary>Returns the references of every series, ascending.</summary>
    ulong[] AllPostings();

    /// <summary>Returns the references of the series with this label pair, ascending; empty when none.</summary>
    ulong[] Postings(string name, string value);

    /// <summary>Returns every value the label takes, in no particular order.</summary>
    IReadOnlyCollection<string> LabelValues(string name);
}

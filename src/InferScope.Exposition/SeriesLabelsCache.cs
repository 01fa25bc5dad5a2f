using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// Maps a sample's series text, as <see cref="ExpositionReader.Series"/> returns it, to its built
/// <see cref="Labels"/>, so that a scrape loop builds each series' labels once and then appends every
/// later sample of it without allocating. Not thread-safe: keep one per scrape target.
/// </summary>
public sealed class SeriesLabelsCache
{
    private readonly Dictionary<byte[], Labels> entries = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], Labels>.AlternateLookup<ReadOnlySpan<byte>> lookup;

    /// <summary>Creates a cache that stores at most <paramref name="maxEntries"/> series before it starts over.</summary>
    public SeriesLabelsCache(int maxEntries = 1 << 20, LabelStringPool? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        Pool = pool ?? new LabelStringPool();
        lookup = entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The entry count at which the cache is cleared, which bounds its memory under series churn.</summary>
    public int MaxEntries { get; }

    /// <summary>The pool that interns the strings of new label sets.</summary>
    public LabelStringPool Pool { get; }

    /// <summary>The number of series stored.</summary>
    public int Count => entries.Count;

    /// <summary>Returns the labels of the reader's current sample, building and storing them on first sight.</summary>
    public Labels Get(scoped in ExpositionReader reader)
    {
        if (lookup.TryGetValue(reader.Series, out var labels))
        {
            return labels;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        labels = reader.BuildLabels(Pool);
        lookup[reader.Series] = labels;
        return labels;
    }

    /// <summary>Removes every entry, for example after a target's configuration changed its relabeling.</summary>
    public void Clear() => entries.Clear();
}

namespace InferScope.Exposition;

/// <summary>
/// A table keyed by UTF-8 names that is emptied by starting a new generation instead of clearing,
/// so that a reader that sees the same names on every scrape stops allocating keys after the first.
/// </summary>
internal sealed class Utf8NameTable<TValue>
{
    private readonly Dictionary<byte[], Entry> entries = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> lookup;
    private readonly int maxEntries;
    private int generation = 1;

    public Utf8NameTable(int maxEntries)
    {
        this.maxEntries = maxEntries;
        lookup = entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Forgets every entry; keys are kept for reuse until the table contains more than its maximum.</summary>
    public void NextGeneration()
    {
        generation++;
        if (entries.Count > maxEntries)
        {
            entries.Clear();
        }
    }

    /// <summary>Looks up a name set in the current generation and returns its stored key and value.</summary>
    public bool TryGet(ReadOnlySpan<byte> name, out byte[] key, out TValue value)
    {
        if (lookup.TryGetValue(name, out var found, out var entry) && entry.Generation == generation)
        {
            key = found;
            value = entry.Value;
            return true;
        }

        key = [];
        value = default!;
        return false;
    }

    public bool Contains(ReadOnlySpan<byte> name) => TryGet(name, out _, out _);

    /// <summary>Sets the value of a name in the current generation and returns the stored key.</summary>
    public byte[] Set(ReadOnlySpan<byte> name, TValue value)
    {
        if (!lookup.TryGetValue(name, out var key, out _))
        {
            key = name.ToArray();
        }

        entries[key] = new Entry(generation, value);
        return key;
    }

    private readonly record struct Entry(int Generation, TValue Value);
}

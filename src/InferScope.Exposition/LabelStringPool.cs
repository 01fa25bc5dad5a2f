using System.Text;

namespace InferScope.Exposition;

/// <summary>
/// Interns label names, label values and metric names decoded from UTF-8, so that repeated scrapes of
/// a target reuse one string instance per distinct text instead of allocating on every sample.
/// Not thread-safe: give each scrape loop its own pool.
/// </summary>
public sealed class LabelStringPool
{
    private readonly Dictionary<byte[], string> strings = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> lookup;

    /// <summary>Creates a pool that keeps at most <paramref name="maxEntries"/> strings before it starts over.</summary>
    public LabelStringPool(int maxEntries = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
        lookup = strings.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The entry count at which the pool is cleared, which bounds its memory on high-churn targets.</summary>
    public int MaxEntries { get; }

    /// <summary>The number of strings stored.</summary>
    public int Count => strings.Count;

    /// <summary>Returns the interned string for UTF-8 text, decoding and storing it on first sight.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (lookup.TryGetValue(utf8, out var existing))
        {
            return existing;
        }

        if (strings.Count >= MaxEntries)
        {
            strings.Clear();
        }

        var decoded = Encoding.UTF8.GetString(utf8);
        lookup[utf8] = decoded;
        return decoded;
    }
}

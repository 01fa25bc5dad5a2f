using System.Collections;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace InferScope.Model;

/// <summary>
/// An immutable label set sorted by name, with at most one value per name. The metric name, when
/// present, is the <c>__name__</c> label. Equality and <see cref="StableHash"/> depend only on the
/// names and values, so two label sets built in a different order are equal.
/// </summary>
public sealed class Labels : IReadOnlyList<Label>, IEquatable<Labels>
{
    [ThreadStatic]
    private static XxHash3? threadHasher;

    private readonly Label[] items;
    private ulong hash;

    private Labels(Label[] sortedItems)
    {
        items = sortedItems;
    }

    /// <summary>The label set with no labels.</summary>
    public static Labels Empty { get; } = new([]);

    public int Count => items.Length;

    public Label this[int index] => items[index];

    /// <summary>The value of <c>__name__</c>, or the empty string.</summary>
    public string MetricName => Get(LabelNames.MetricName) ?? string.Empty;

    /// <summary>
    /// A 64-bit xxHash3 of the names and values that stays the same across processes and machines,
    /// so it may be written to disk.
    /// </summary>
    public ulong StableHash
    {
        get
        {
            if (hash == 0)
            {
                hash = ComputeHash(items);
            }

            return hash;
        }
    }

    /// <summary>Builds a label set from name and value pairs: <c>FromPairs("a", "1", "b", "2")</c>.</summary>
    public static Labels FromPairs(params string[] namesAndValues)
    {
        ArgumentNullException.ThrowIfNull(namesAndValues);
        if (namesAndValues.Length % 2 != 0)
        {
            throw new ArgumentException(
                $"Expected name and value pairs but got an odd count of {namesAndValues.Length} strings.",
                nameof(namesAndValues));
        }

        var list = new Label[namesAndValues.Length / 2];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new Label(namesAndValues[2 * i], namesAndValues[(2 * i) + 1]);
        }

        return From(list);
    }

    /// <summary>Builds a label set from labels in any order; empty values are dropped as Prometheus does.</summary>
    /// <exception cref="ArgumentException">A name occurs twice.</exception>
    public static Labels From(IEnumerable<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var list = labels.Where(l => l.Value.Length > 0).ToArray();
        Array.Sort(list, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < list.Length; i++)
        {
            if (list[i].Name == list[i - 1].Name)
            {
                throw new ArgumentException($"Label name \"{list[i].Name}\" occurs more than once.", nameof(labels));
            }
        }

        return list.Length == 0 ? Empty : new Labels(list);
    }

    /// <summary>
    /// Wraps an array the caller has already sorted by name, without duplicates or empty values.
    /// The array is owned by the label set afterwards and must not be changed.
    /// </summary>
    public static Labels FromSortedUnchecked(Label[] sortedItems) =>
        sortedItems.Length == 0 ? Empty : new Labels(sortedItems);

    /// <summary>Returns the value of a label, or null when the label is absent.</summary>
    public string? Get(string name)
    {
        foreach (var label in items)
        {
            var order = string.CompareOrdinal(label.Name, name);
            if (order == 0)
            {
                return label.Value;
            }

            if (order > 0)
            {
                break;
            }
        }

        return null;
    }

    public bool Has(string name) => Get(name) is not null;

    /// <summary>Returns a copy without the given label names.</summary>
    public Labels Without(params ReadOnlySpan<string> names)
    {
        var kept = new List<Label>(items.Length);
        foreach (var label in items)
        {
            if (!names.Contains(label.Name))
            {
                kept.Add(label);
            }
        }

        return kept.Count == items.Length ? this : FromSortedUnchecked([.. kept]);
    }

    /// <summary>Returns a copy with only the given label names.</summary>
    public Labels Keep(params ReadOnlySpan<string> names)
    {
        var kept = new List<Label>(names.Length);
        foreach (var label in items)
        {
            if (names.Contains(label.Name))
            {
                kept.Add(label);
            }
        }

        return kept.Count == items.Length ? this : FromSortedUnchecked([.. kept]);
    }

    /// <summary>Returns a builder that starts from this label set.</summary>
    public LabelsBuilder ToBuilder() => new(this);

    public ReadOnlySpan<Label> AsSpan() => items;

    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.items.Length != items.Length)
        {
            return false;
        }

        if (hash != 0 && other.hash != 0 && hash != other.hash)
        {
            return false;
        }

        return items.AsSpan().SequenceEqual(other.items);
    }

    public override bool Equals(object? obj) => Equals(obj as Labels);

    public override int GetHashCode() => (int)StableHash ^ (int)(StableHash >> 32);

    /// <summary>Orders label sets as Prometheus does: label by label, name first, then value.</summary>
    public static int Compare(Labels a, Labels b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var n = Math.Min(a.items.Length, b.items.Length);
        for (var i = 0; i < n; i++)
        {
            var order = string.CompareOrdinal(a.items[i].Name, b.items[i].Name);
            if (order != 0)
            {
                return order;
            }

            order = string.CompareOrdinal(a.items[i].Value, b.items[i].Value);
            if (order != 0)
            {
                return order;
            }
        }

        return a.items.Length.CompareTo(b.items.Length);
    }

    /// <summary>Formats as <c>name{a="1", b="2"}</c>, the way Prometheus prints a series.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        var name = Get(LabelNames.MetricName);
        builder.Append(name);
        builder.Append('{');
        var first = true;
        foreach (var label in items)
        {
            if (label.Name == LabelNames.MetricName)
            {
                continue;
            }

            if (!first)
            {
                builder.Append(", ");
            }

            builder.Append(label.ToString());
            first = false;
        }

        builder.Append('}');
        return builder.ToString();
    }

    private static ulong ComputeHash(Label[] labels)
    {
        // One hasher per thread, reset before use, so hashing a new label set allocates nothing.
        var hasher = threadHasher ??= new XxHash3();
        hasher.Reset();
        Span<byte> separator = [0xff];
        foreach (var label in labels)
        {
            hasher.Append(MemoryMarshal.AsBytes(label.Name.AsSpan()));
            hasher.Append(separator);
            hasher.Append(MemoryMarshal.AsBytes(label.Value.AsSpan()));
            hasher.Append(separator);
        }

        var value = hasher.GetCurrentHashAsUInt64();
        return value == 0 ? 1 : value;
    }
}

using InferScope.Model;

namespace InferScope.Engines.Mapping;

/// <summary>
/// Compares label sets by content with the runtime's string hash. <see cref="Labels.GetHashCode"/>
/// computes the persistent xxHash3 and allocates a hasher on each call. The per-sample grouping and
/// duplicate checks of one normalization need neither, because their sets live for one call.
/// </summary>
internal sealed class LabelsContentComparer : IEqualityComparer<Labels>
{
    public static LabelsContentComparer Instance { get; } = new();

    public bool Equals(Labels? x, Labels? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        return x is not null && y is not null && x.AsSpan().SequenceEqual(y.AsSpan());
    }

    public int GetHashCode(Labels obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = default(HashCode);
        foreach (var label in obj.AsSpan())
        {
            hash.Add(label.Name);
            hash.Add(label.Value);
        }

        return hash.ToHashCode();
    }
}

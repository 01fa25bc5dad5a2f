namespace InferScope.Model;

/// <summary>A mutable label set that builds an immutable <see cref="Labels"/>.</summary>
public sealed class LabelsBuilder
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public LabelsBuilder()
    {
    }

    public LabelsBuilder(Labels start)
    {
        ArgumentNullException.ThrowIfNull(start);
        foreach (var label in start)
        {
            values[label.Name] = label.Value;
        }
    }

    /// <summary>Sets a label; an empty value deletes it, as in Prometheus.</summary>
    public LabelsBuilder Set(string name, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            values.Remove(name);
        }
        else
        {
            values[name] = value;
        }

        return this;
    }

    public LabelsBuilder Delete(string name)
    {
        values.Remove(name);
        return this;
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public Labels Build()
    {
        var list = new Label[values.Count];
        var i = 0;
        foreach (var (name, value) in values)
        {
            list[i++] = new Label(name, value);
        }

        Array.Sort(list, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Labels.FromSortedUnchecked(list);
    }
}

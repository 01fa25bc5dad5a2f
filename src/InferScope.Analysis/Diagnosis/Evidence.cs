using InferScope.Model;

namespace InferScope.Analysis.Diagnosis;

/// <summary>One PromQL expression the diagnosis ran, at which time, and the values it returned or the error.</summary>
public sealed record Evidence(string Expression, DateTimeOffset Time, IReadOnlyList<EvidenceValue> Values, string? Error = null)
{
    /// <summary>Returns the values keyed by one label, such as <c>endpoint</c>; series without it are skipped.</summary>
    public Dictionary<string, double> ByLabel(string label)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var value in Values)
        {
            if (value.Labels.Get(label) is { } key)
            {
                result[key] = value.Value;
            }
        }

        return result;
    }

    /// <summary>Returns the value of the series whose <paramref name="label"/> is <paramref name="key"/>, or null.</summary>
    public double? For(string label, string key)
    {
        foreach (var value in Values)
        {
            if (value.Labels.Get(label) == key && !double.IsNaN(value.Value))
            {
                return value.Value;
            }
        }

        return null;
    }

    /// <summary>Returns a copy with only the series whose <paramref name="label"/> is <paramref name="key"/>.</summary>
    public Evidence Only(string label, string key) =>
        this with { Values = Values.Where(v => v.Labels.Get(label) == key).ToList() };
}

/// <summary>One series of a query result: its labels and value.</summary>
public sealed record EvidenceValue(Labels Labels, double Value);

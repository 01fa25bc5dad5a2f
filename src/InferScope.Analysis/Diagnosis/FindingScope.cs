namespace InferScope.Analysis.Diagnosis;

/// <summary>Where a finding applies: an endpoint, optionally narrowed to an AZ, an instance or a GPU.</summary>
public sealed record FindingScope(string? Endpoint, string? Az = null, string? Instance = null, string? Gpu = null)
{
    public override string ToString()
    {
        var parts = new List<string>();
        if (Endpoint is not null)
        {
            parts.Add("endpoint=" + Endpoint);
        }

        if (Az is not null)
        {
            parts.Add("az=" + Az);
        }

        if (Instance is not null)
        {
            parts.Add("instance=" + Instance);
        }

        if (Gpu is not null)
        {
            parts.Add("gpu=" + Gpu);
        }

        return parts.Count == 0 ? "fleet" : string.Join(" ", parts);
    }
}

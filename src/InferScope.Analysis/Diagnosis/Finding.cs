namespace InferScope.Analysis.Diagnosis;

/// <summary>
/// A diagnosed problem: its cause, severity and scope, a one-line summary with the key numbers,
/// the action to take, and the queries and values that support it. <see cref="Score"/> orders
/// findings: severity first, then how likely the cause is to explain the others.
/// </summary>
public sealed record Finding
{
    public required FindingCause Cause { get; init; }

    public required Severity Severity { get; init; }

    public required FindingScope Scope { get; init; }

    public required string Summary { get; init; }

    public required string Action { get; init; }

    public required IReadOnlyList<Evidence> Evidence { get; init; }

    /// <summary>For a missing or stale metric: the figures and diagnoses it blinds.</summary>
    public string? Blinds { get; init; }

    /// <summary>How far the main signal exceeds its threshold, 0 to 1; breaks ties within one severity and cause weight.</summary>
    public double Magnitude { get; init; }

    public double Score => ((int)Severity * 100) + (Cause.RootWeight() * 10) + Math.Clamp(Magnitude, 0, 1) * 9;
}

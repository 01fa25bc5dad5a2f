namespace InferScope.Analysis.Rules;

/// <summary>
/// One rule as written in a rule file. A recording rule has <see cref="Record"/>; an alerting
/// rule has <see cref="Alert"/> and may have <see cref="For"/>, <see cref="KeepFiringFor"/> and
/// annotations. Label and annotation values are templates.
/// </summary>
public sealed record RuleDefinition
{
    public required RuleKind Kind { get; init; }

    /// <summary>The metric name a recording rule writes, or the alert name.</summary>
    public required string Name { get; init; }

    public required string Expression { get; init; }

    public TimeSpan For { get; init; }

    public TimeSpan KeepFiringFor { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public string? Record => Kind == RuleKind.Recording ? Name : null;

    public string? Alert => Kind == RuleKind.Alerting ? Name : null;
}

namespace InferScope.Analysis.Rules;

/// <summary>A rule's definition and the outcome of its last evaluation.</summary>
public sealed record RuleStatus
{
    public required RuleDefinition Definition { get; init; }

    public RuleHealth Health { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastEvaluation { get; init; }

    public TimeSpan EvaluationDuration { get; init; }

    /// <summary>The rule's pending and firing alerts; empty for a recording rule.</summary>
    public IReadOnlyList<Alert> Alerts { get; init; } = [];

    /// <summary>Firing when any alert fires, pending when any is pending, inactive otherwise.</summary>
    public AlertState State =>
        Alerts.Any(a => a.State == AlertState.Firing) ? AlertState.Firing
        : Alerts.Any(a => a.State == AlertState.Pending) ? AlertState.Pending
        : AlertState.Inactive;
}

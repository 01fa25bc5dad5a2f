namespace InferScope.Analysis.Rules;

/// <summary>A rule group's rules and the timing of its last evaluation.</summary>
public sealed record RuleGroupStatus
{
    public required RuleGroupDefinition Definition { get; init; }

    public required TimeSpan Interval { get; init; }

    public required IReadOnlyList<RuleStatus> Rules { get; init; }

    public DateTimeOffset? LastEvaluation { get; init; }

    public TimeSpan EvaluationDuration { get; init; }
}

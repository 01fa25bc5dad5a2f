namespace InferScope.Server.Rules;

/// <summary>A rule group: its file, evaluation interval and rules.</summary>
public sealed record RuleGroupStatus(
    string Name,
    string File,
    TimeSpan Interval,
    IReadOnlyList<RuleStatus> Rules,
    TimeSpan EvaluationTime,
    DateTimeOffset? LastEvaluation);

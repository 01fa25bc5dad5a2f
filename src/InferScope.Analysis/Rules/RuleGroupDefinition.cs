namespace InferScope.Analysis.Rules;

/// <summary>A named group of rules evaluated in order on one schedule.</summary>
public sealed record RuleGroupDefinition
{
    public required string Name { get; init; }

    /// <summary>The file the group came from, shown in the rules API.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>The evaluation interval; null means the global default.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>The maximum series one rule may produce; 0 means no limit.</summary>
    public int Limit { get; init; }

    public required IReadOnlyList<RuleDefinition> Rules { get; init; }
}

namespace InferScope.Analysis.Rules;

/// <summary>A loaded group: its compiled rules and the timing of its last evaluation.</summary>
internal sealed class RuleGroup
{
    public RuleGroup(RuleGroupDefinition definition, TimeSpan interval)
    {
        Definition = definition;
        Interval = interval;
        Rules = definition.Rules
            .Select(r => r.Kind == RuleKind.Alerting ? (object)new AlertingRule(r) : new RecordingRule(r))
            .ToList();
    }

    public RuleGroupDefinition Definition { get; }

    public TimeSpan Interval { get; }

    /// <summary>Each element is an <see cref="AlertingRule"/> or a <see cref="RecordingRule"/>, in file order.</summary>
    public List<object> Rules { get; }

    public DateTimeOffset? LastEvaluation { get; set; }

    public TimeSpan EvaluationDuration { get; set; }

    /// <summary>Takes over alert state from the group of the same name before a reload.</summary>
    public void RestoreFrom(RuleGroup previous)
    {
        var oldRules = previous.Rules.OfType<AlertingRule>()
            .GroupBy(r => (r.Definition.Name, r.Definition.Expression))
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var rule in Rules.OfType<AlertingRule>())
        {
            if (oldRules.TryGetValue((rule.Definition.Name, rule.Definition.Expression), out var old))
            {
                rule.RestoreFrom(old);
            }
        }
    }

    public RuleGroupStatus ToStatus() => new()
    {
        Definition = Definition,
        Interval = Interval,
        LastEvaluation = LastEvaluation,
        EvaluationDuration = EvaluationDuration,
        Rules = Rules.Select(r => r is AlertingRule alerting ? alerting.Status : ((RecordingRule)r).Status).ToList(),
    };
}

namespace InferScope.Analysis.Rules;

public enum RuleKind
{
    Recording,
    Alerting,
}

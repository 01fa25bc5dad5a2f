namespace InferScope.Analysis.Rules;

/// <summary>The outcome of a rule's last evaluation, as <c>/api/v1/rules</c> reports it.</summary>
public enum RuleHealth
{
    Unknown,
    Ok,
    Err,
}

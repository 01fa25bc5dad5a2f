namespace InferScope.PromQL.Syntax;

/// <summary>How an <c>@</c> modifier pins the evaluation time.</summary>
public enum AtModifier
{
    None,
    Timestamp,
    Start,
    End,
}

namespace InferScope.Analysis.Rules;

/// <summary>An alert's state: pending until its condition has held for the rule's <c>for</c> duration.</summary>
public enum AlertState
{
    Inactive,
    Pending,
    Firing,
}

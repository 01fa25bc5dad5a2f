namespace InferScope.PromQL.Syntax;

/// <summary>A node that takes <c>offset</c> and <c>@</c> modifiers: selectors and subqueries.</summary>
public interface ITimeModified
{
    DurationExpr? Offset { get; set; }

    bool NegativeOffset { get; set; }

    AtModifier At { get; set; }

    double AtSeconds { get; set; }
}

namespace InferScope.PromQL.Syntax;

/// <summary>A subquery, <c>expr[range:step]</c>; a missing step means the engine's default.</summary>
public sealed class SubqueryExpr(int position, Expr inner, DurationExpr range, DurationExpr? step) : Expr(position), ITimeModified
{
    public Expr Inner { get; } = inner;

    public DurationExpr Range { get; } = range;

    public DurationExpr? Step { get; } = step;

    public DurationExpr? Offset { get; set; }

    public bool NegativeOffset { get; set; }

    public AtModifier At { get; set; }

    public double AtSeconds { get; set; }

    public override ValueKind Kind => ValueKind.Matrix;
}

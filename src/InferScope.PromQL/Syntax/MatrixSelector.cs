namespace InferScope.PromQL.Syntax;

/// <summary>A range vector selector: a vector selector with a range, <c>x[5m]</c>. Modifiers live on the inner selector.</summary>
public sealed class MatrixSelector(int position, VectorSelector selector, DurationExpr range) : Expr(position), ITimeModified
{
    public VectorSelector Selector { get; } = selector;

    public DurationExpr Range { get; } = range;

    public DurationExpr? Offset { get => Selector.Offset; set => Selector.Offset = value; }

    public bool NegativeOffset { get => Selector.NegativeOffset; set => Selector.NegativeOffset = value; }

    public AtModifier At { get => Selector.At; set => Selector.At = value; }

    public double AtSeconds { get => Selector.AtSeconds; set => Selector.AtSeconds = value; }

    public override ValueKind Kind => ValueKind.Matrix;
}

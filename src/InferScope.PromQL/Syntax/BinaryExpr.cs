namespace InferScope.PromQL.Syntax;

/// <summary>A binary operation; <see cref="Matching"/> is set when both sides are vectors.</summary>
public sealed class BinaryExpr(int position, BinaryOp op, Expr left, Expr right) : Expr(position)
{
    public BinaryOp Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;

    public VectorMatching? Matching { get; set; }

    public bool ReturnBool { get; set; }

    public override ValueKind Kind =>
        Left.Kind == ValueKind.Scalar && Right.Kind == ValueKind.Scalar ? ValueKind.Scalar : ValueKind.Vector;

    public bool IsComparison => Op is BinaryOp.Eql or BinaryOp.Neq or BinaryOp.Lss or BinaryOp.Lte or BinaryOp.Gtr or BinaryOp.Gte;

    public bool IsSetOperator => Op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    /// <summary>A trim operator: like a comparison it keeps the metric name, but it changes the histogram.</summary>
    public bool IsTrim => Op is BinaryOp.TrimUpper or BinaryOp.TrimLower;
}

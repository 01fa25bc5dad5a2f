namespace InferScope.PromQL.Syntax;

/// <summary>An aggregation such as <c>sum by (job) (x)</c> or <c>topk(3, x)</c>.</summary>
public sealed class AggregateExpr(int position, AggregateOp op, Expr operand, Expr? parameter) : Expr(position)
{
    public AggregateOp Op { get; } = op;

    public Expr Operand { get; } = operand;

    public Expr? Parameter { get; } = parameter;

    public IReadOnlyList<string> Grouping { get; set; } = [];

    public bool Without { get; set; }

    /// <summary>True when a <c>by</c> or <c>without</c> clause was written, even an empty one.</summary>
    public bool HasGrouping { get; set; }

    public override ValueKind Kind => ValueKind.Vector;
}

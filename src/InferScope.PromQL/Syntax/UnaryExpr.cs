namespace InferScope.PromQL.Syntax;

/// <summary>Unary plus or minus.</summary>
public sealed class UnaryExpr(int position, bool negate, Expr operand) : Expr(position)
{
    public bool Negate { get; } = negate;

    public Expr Operand { get; } = operand;

    public override ValueKind Kind => Operand.Kind;
}

namespace InferScope.PromQL.Syntax;

/// <summary>An expression in parentheses, kept so the formatter can print it back.</summary>
public sealed class ParenExpr(int position, Expr inner) : Expr(position)
{
    public Expr Inner { get; } = inner;

    public override ValueKind Kind => Inner.Kind;
}

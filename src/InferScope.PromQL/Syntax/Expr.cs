namespace InferScope.PromQL.Syntax;

/// <summary>A node of a parsed query. <see cref="Position"/> is its first character's offset.</summary>
public abstract class Expr
{
    protected Expr(int position)
    {
        Position = position;
    }

    public int Position { get; }

    public abstract ValueKind Kind { get; }

    public override string ToString() => ExprPrinter.Print(this);
}

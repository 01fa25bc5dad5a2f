namespace InferScope.PromQL.Syntax;

/// <summary>A function call.</summary>
public sealed class Call(int position, FunctionInfo function, IReadOnlyList<Expr> args) : Expr(position)
{
    public FunctionInfo Function { get; } = function;

    public IReadOnlyList<Expr> Args { get; } = args;

    public override ValueKind Kind => Function.ReturnKind;
}

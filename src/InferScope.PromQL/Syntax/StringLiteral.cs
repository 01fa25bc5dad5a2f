namespace InferScope.PromQL.Syntax;

/// <summary>A string literal.</summary>
public sealed class StringLiteral(int position, string value) : Expr(position)
{
    public string Value { get; } = value;

    public override ValueKind Kind => ValueKind.String;
}

namespace InferScope.PromQL.Syntax;

/// <summary>A number, or a duration used as a number of seconds.</summary>
public sealed class NumberLiteral(int position, double value, string? durationText = null) : Expr(position)
{
    public double Value { get; } = value;

    /// <summary>The duration as written when the literal was a duration such as <c>5m</c>.</summary>
    public string? DurationText { get; } = durationText;

    public override ValueKind Kind => ValueKind.Scalar;
}

using InferScope.Model;

namespace InferScope.PromQL.Syntax;

/// <summary>An instant vector selector such as <c>up{job="api"} offset 5m @ 100</c>.</summary>
public sealed class VectorSelector(int position, string? name, IReadOnlyList<Matcher> matchers) : Expr(position), ITimeModified
{
    public string? Name { get; } = name;

    /// <summary>All matchers, the metric name's included.</summary>
    public IReadOnlyList<Matcher> Matchers { get; } = matchers;

    public DurationExpr? Offset { get; set; }

    public bool NegativeOffset { get; set; }

    public AtModifier At { get; set; }

    public double AtSeconds { get; set; }

    public override ValueKind Kind => ValueKind.Vector;
}

namespace InferScope.PromQL.Syntax;

/// <summary>How the two sides of a binary operation between vectors are paired.</summary>
public sealed class VectorMatching
{
    public MatchCardinality Cardinality { get; set; } = MatchCardinality.OneToOne;

    /// <summary>The labels named by <c>on</c> or <c>ignoring</c>.</summary>
    public IReadOnlyList<string> MatchingLabels { get; set; } = [];

    /// <summary>True for <c>on(...)</c>, false for <c>ignoring(...)</c> or no clause.</summary>
    public bool On { get; set; }

    /// <summary>True when an <c>on</c> or <c>ignoring</c> clause was written.</summary>
    public bool Explicit { get; set; }

    /// <summary>The extra labels of <c>group_left(...)</c>/<c>group_right(...)</c>.</summary>
    public IReadOnlyList<string> Include { get; set; } = [];
}

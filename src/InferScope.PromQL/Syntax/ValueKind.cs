namespace InferScope.PromQL.Syntax;

/// <summary>The static type of an expression.</summary>
public enum ValueKind
{
    Scalar,
    String,
    Vector,
    Matrix,
}

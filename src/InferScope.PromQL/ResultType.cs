namespace InferScope.PromQL;

/// <summary>The PromQL value types a query can return, named as in the HTTP API's <c>resultType</c>.</summary>
public enum ResultType
{
    Scalar,
    String,
    Vector,
    Matrix,
}

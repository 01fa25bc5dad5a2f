namespace InferScope.PromQL.Testing;

/// <summary>The outcome of one <c>eval</c> command of a test script.</summary>
public enum EvalVerdict
{
    Passed,
    Failed,
    Skipped,
}

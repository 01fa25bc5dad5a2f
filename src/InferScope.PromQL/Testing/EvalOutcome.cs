namespace InferScope.PromQL.Testing;

/// <summary>One <c>eval</c> command's result, with the reason when it failed or was skipped.</summary>
public sealed record EvalOutcome(string File, int Line, string Query, EvalVerdict Verdict, string? Reason = null);

namespace InferScope.PromQL.Testing;

/// <summary>The outcomes of every <c>eval</c> in one or more scripts.</summary>
public sealed class ScriptReport
{
    public List<EvalOutcome> Outcomes { get; } = [];

    public int Passed => Outcomes.Count(o => o.Verdict == EvalVerdict.Passed);

    public int Failed => Outcomes.Count(o => o.Verdict == EvalVerdict.Failed);

    public int Skipped => Outcomes.Count(o => o.Verdict == EvalVerdict.Skipped);

    /// <summary>The closing line: <c>N passed, N failed</c>, then <c>, N skipped</c> when any were.</summary>
    public string Summary => Skipped > 0 ? $"{Passed} passed, {Failed} failed, {Skipped} skipped" : $"{Passed} passed, {Failed} failed";
}

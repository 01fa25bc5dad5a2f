namespace InferScope.PromQL.Syntax;

/// <summary>
/// A range, offset or step: either a constant in milliseconds or an arithmetic expression over
/// numbers, durations and <c>step()</c>/<c>range()</c> that is worked out when the query runs.
/// </summary>
public sealed class DurationExpr
{
    public DurationExpr(long milliseconds, string? text = null)
    {
        Milliseconds = milliseconds;
        Text = text;
    }

    public DurationExpr(Expr computed)
    {
        Computed = computed;
    }

    public long Milliseconds { get; }

    public string? Text { get; }

    public Expr? Computed { get; }
}

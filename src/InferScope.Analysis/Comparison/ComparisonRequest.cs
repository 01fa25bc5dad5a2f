using InferScope.Analysis.Rules;

namespace InferScope.Analysis.Comparison;

/// <summary>One side of a comparison: a name and the label matchers that select its series, such as <c>engine="vllm",model="llama-3.1-8b"</c>.</summary>
public sealed record ComparisonSubject(string Name, string Matchers);

/// <summary>
/// Two engines or configurations serving the same model on the same hardware, compared over
/// <see cref="Window"/> ending at <see cref="At"/>, cut into intervals of <see cref="Step"/>.
/// </summary>
public sealed record ComparisonRequest(
    ComparisonSubject A,
    ComparisonSubject B,
    DateTimeOffset At,
    TimeSpan Window,
    EndpointSlo Slo,
    double? LoadRequestsPerSecond = null)
{
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);
}

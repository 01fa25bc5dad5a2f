namespace InferScope.Analysis.Diagnosis;

/// <summary>What to diagnose: the evaluation time, the window rates and averages cover, and an optional endpoint.</summary>
public sealed record DiagnosisRequest(DateTimeOffset At, TimeSpan Window, string? Endpoint = null)
{
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromMinutes(15);
}

namespace InferScope.Simulation.Engine;

/// <summary>What one scheduler step did: its start and timing, its tokens and its batch.</summary>
public readonly record struct StepRecord(
    double StartTime,
    double DurationSeconds,
    double ComputeSeconds,
    double MemorySeconds,
    int PrefillTokens,
    int PrefillSequences,
    int DecodeSequences)
{
    public int TotalTokens => PrefillTokens + DecodeSequences;
}

namespace InferScope.Simulation.Performance;

/// <summary>The outcome of a <see cref="ClosedLoopBenchmark"/> run.</summary>
/// <param name="Requests">Requests completed.</param>
/// <param name="DurationSeconds">Virtual seconds from the first arrival to the last completion.</param>
/// <param name="OutputTokensPerSecond">Output tokens of all requests divided by the duration.</param>
/// <param name="MeanTimeToFirstTokenSeconds">Mean time from arrival to the first output token.</param>
/// <param name="MeanInterTokenLatencySeconds">Mean gap between successive output tokens of a request.</param>
/// <param name="Preemptions">Preemptions during the run.</param>
public sealed record BenchmarkResult(
    int Requests,
    double DurationSeconds,
    double OutputTokensPerSecond,
    double MeanTimeToFirstTokenSeconds,
    double MeanInterTokenLatencySeconds,
    int Preemptions);

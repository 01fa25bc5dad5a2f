namespace InferScope.Simulation.Performance;

/// <summary>
/// The modelled duration of one scheduler step and its parts, in seconds. The step takes the
/// longer of the compute and memory times plus the fixed overhead.
/// </summary>
public readonly record struct StepTiming(double DurationSeconds, double ComputeSeconds, double MemorySeconds);

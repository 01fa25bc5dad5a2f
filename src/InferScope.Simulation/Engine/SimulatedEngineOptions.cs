namespace InferScope.Simulation.Engine;

/// <summary>Settings of one simulated engine process; null limits take the engine's defaults.</summary>
public sealed record SimulatedEngineOptions
{
    public int TensorParallel { get; init; } = 1;

    public int DataParallel { get; init; } = 1;

    public double MemoryUtilization { get; init; } = 0.9;

    public int? MaxNumSeqs { get; init; }

    public int? MaxBatchedTokens { get; init; }

    /// <summary>Wall-clock time of the process start, in Unix seconds; engines report it in <c>_created</c> samples.</summary>
    public double StartUnixSeconds { get; init; }

    /// <summary>Virtual time at which the engine starts serving.</summary>
    public double StartTime { get; init; }

    public string HostName { get; init; } = "localhost";

    public int TgiMaxInputTokens { get; init; } = 4095;

    public int TgiMaxTotalTokens { get; init; } = 4096;
}

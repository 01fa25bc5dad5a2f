namespace InferScope.Analysis.Tests.Support;

/// <summary>
/// The steady behavior of one simulated endpoint, per instance, and how a fault changes it from
/// <see cref="FleetDataset.FaultAt"/> on. Latencies are the typical values histograms spread around.
/// </summary>
internal sealed record EndpointProfile
{
    public double RequestsPerSecond { get; init; } = 2;

    public double Ttft { get; init; } = 0.2;

    public double Itl { get; init; } = 0.03;

    public double Queue { get; init; } = 0.01;

    public double Overhead { get; init; } = 0.02;

    public double KvUsage { get; init; } = 0.4;

    public double Waiting { get; init; }

    public double Running { get; init; } = 8;

    public double PreemptionsPerSecond { get; init; }

    public double PromptTokens { get; init; } = 500;

    public double OutputTokens { get; init; } = 40;

    public double ErrorRatio { get; init; }

    public double ThrottleRatio { get; init; }

    public double GpuTemperature { get; init; } = 62;

    public double XidPerSecond { get; init; }

    public bool Up { get; init; } = true;

    public bool PublishesKvUsage { get; init; } = true;

    /// <summary>Data-parallel ranks per instance; each rank publishes its own KV-cache and load series.</summary>
    public int Ranks { get; init; } = 1;
}

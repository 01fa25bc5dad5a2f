namespace InferScope.Simulation.Scenarios;

/// <summary>How fast a new instance starts: the phases every deployment goes through before InService.</summary>
public sealed class StartupDefinition
{
    /// <summary>Model download rate from object storage, in GB/s.</summary>
    public double DownloadGbPerSecond { get; set; } = 0.5;

    /// <summary>Rate of loading weights into GPU memory, in GB/s per GPU.</summary>
    public double LoadGbPerSecond { get; set; } = 2;

    public double ContainerStartSeconds { get; set; } = 25;

    public double HealthCheckIntervalSeconds { get; set; } = 5;

    /// <summary>Consecutive passing checks that make an instance InService.</summary>
    public int HealthyThreshold { get; set; } = 2;

    /// <summary>Consecutive failing checks that make a deployment Failed.</summary>
    public int UnhealthyThreshold { get; set; } = 3;

    /// <summary>Whether the fleet is already InService at time zero (true) or starts from scratch.</summary>
    public bool Warm { get; set; } = true;
}

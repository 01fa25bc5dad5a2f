namespace InferScope.Simulation.Metrics;

/// <summary>How long each phase of one deployment's start took, in seconds.</summary>
public sealed record StartupTimes(double ModelDownloadSeconds, double ModelLoadSeconds, double ContainerStartSeconds, double HealthCheckSeconds)
{
    public double TotalSeconds => ModelDownloadSeconds + ModelLoadSeconds + ContainerStartSeconds + HealthCheckSeconds;
}

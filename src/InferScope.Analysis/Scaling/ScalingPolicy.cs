namespace InferScope.Analysis.Scaling;

/// <summary>
/// Target tracking on KV-cache occupancy with the waiting queue as a second signal. Defaults:
/// 45% occupancy, 1 to 100 instances, 3 minutes between scale-outs and 10 minutes before a
/// scale-in, which follows a scale-out only when occupancy stays low.
/// </summary>
public sealed record ScalingPolicy
{
    public double TargetKvUsage { get; init; } = 0.45;

    public int MinInstances { get; init; } = 1;

    public int MaxInstances { get; init; } = 100;

    public TimeSpan ScaleOutCooldown { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan ScaleInCooldown { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Scale in only when the target count is below the current count by more than this fraction.</summary>
    public double ScaleInTolerance { get; init; } = 0.1;

    /// <summary>The window KV-cache occupancy and the queue are averaged over.</summary>
    public TimeSpan SignalWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The window the occupancy trend is fitted over to predict when the queue builds.</summary>
    public TimeSpan TrendWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Occupancy at which requests start to queue for KV-cache room.</summary>
    public double QueueBuildsAtKvUsage { get; init; } = 0.9;

    /// <summary>A signal older than this is stale and no advice is given.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(3);
}

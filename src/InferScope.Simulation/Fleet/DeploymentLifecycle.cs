using InferScope.Simulation.Metrics;

namespace InferScope.Simulation.Fleet;

/// <summary>
/// One deployment's start sequence in virtual time: model download, container start, model load
/// into GPU memory, then health checks every interval until enough pass (InService) or enough
/// fail (Failed).
/// </summary>
public sealed class DeploymentLifecycle
{
    private StartupTimes planned = new(0, 0, 0, 0);
    private double phaseEnd;
    private double healthCheckInterval;
    private int unhealthyThreshold;
    private bool failHealthCheck;
    private int consecutiveFailures;

    public DeploymentState State { get; private set; } = DeploymentState.InService;

    public DeploymentPhase Phase { get; private set; } = DeploymentPhase.Ready;

    /// <summary>The phases of the last start that reached InService.</summary>
    public StartupTimes? LastStartup { get; private set; }

    /// <summary>Health checks that failed since the simulation began.</summary>
    public long HealthCheckFailures { get; private set; }

    /// <summary>Whether the engine process runs (it serves /metrics but not yet requests while loading).</summary>
    public bool IsProcessUp => Phase is DeploymentPhase.LoadingModel or DeploymentPhase.HealthChecking or DeploymentPhase.Ready;

    public bool IsServing => Phase == DeploymentPhase.Ready;

    /// <summary>Marks the deployment as already running since before time zero.</summary>
    public void StartWarm(StartupTimes times)
    {
        State = DeploymentState.InService;
        Phase = DeploymentPhase.Ready;
        LastStartup = times;
    }

    /// <summary>Starts the sequence at <paramref name="now"/>.</summary>
    /// <param name="now">Virtual time, in seconds.</param>
    /// <param name="times">Planned duration of each phase.</param>
    /// <param name="healthCheckIntervalSeconds">Seconds between health checks.</param>
    /// <param name="unhealthyChecks">Consecutive failing checks that make the deployment Failed.</param>
    /// <param name="updating">True for a redeployment of a running instance (Updating), false for a new one (Creating).</param>
    /// <param name="failHealthChecks">True when the new build never passes its health check.</param>
    public void Begin(double now, StartupTimes times, double healthCheckIntervalSeconds, int unhealthyChecks, bool updating, bool failHealthChecks)
    {
        ArgumentNullException.ThrowIfNull(times);
        planned = times;
        healthCheckInterval = healthCheckIntervalSeconds;
        unhealthyThreshold = unhealthyChecks;
        failHealthCheck = failHealthChecks;
        consecutiveFailures = 0;
        State = updating ? DeploymentState.Updating : DeploymentState.Creating;
        Phase = DeploymentPhase.DownloadingModel;
        phaseEnd = now + times.ModelDownloadSeconds;
    }

    /// <summary>Moves through the phases due by <paramref name="now"/>; returns true when the deployment just became InService.</summary>
    public bool Advance(double now)
    {
        while (now >= phaseEnd && Phase is not (DeploymentPhase.Ready or DeploymentPhase.Down))
        {
            switch (Phase)
            {
                case DeploymentPhase.DownloadingModel:
                    Phase = DeploymentPhase.StartingContainer;
                    phaseEnd += planned.ContainerStartSeconds;
                    break;
                case DeploymentPhase.StartingContainer:
                    Phase = DeploymentPhase.LoadingModel;
                    phaseEnd += planned.ModelLoadSeconds;
                    break;
                case DeploymentPhase.LoadingModel:
                    Phase = DeploymentPhase.HealthChecking;
                    phaseEnd += failHealthCheck ? healthCheckInterval : planned.HealthCheckSeconds;
                    break;
                case DeploymentPhase.HealthChecking when failHealthCheck:
                    HealthCheckFailures++;
                    consecutiveFailures++;
                    if (consecutiveFailures >= unhealthyThreshold)
                    {
                        Fail();
                    }
                    else
                    {
                        phaseEnd += healthCheckInterval;
                    }

                    break;
                case DeploymentPhase.HealthChecking:
                    Phase = DeploymentPhase.Ready;
                    State = DeploymentState.InService;
                    LastStartup = planned;
                    return true;
            }
        }

        return false;
    }

    /// <summary>Stops the deployment: its instance failed or its health checks did.</summary>
    public void Fail()
    {
        State = DeploymentState.Failed;
        Phase = DeploymentPhase.Down;
    }
}

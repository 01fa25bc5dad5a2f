namespace InferScope.Simulation.Fleet;

/// <summary>Where a deployment is in its start sequence.</summary>
public enum DeploymentPhase
{
    DownloadingModel,
    StartingContainer,
    LoadingModel,
    HealthChecking,
    Ready,

    /// <summary>Stopped: failed, or its instance went down.</summary>
    Down,
}

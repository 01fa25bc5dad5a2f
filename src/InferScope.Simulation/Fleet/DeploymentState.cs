namespace InferScope.Simulation.Fleet;

/// <summary>A deployment's status as a managed endpoint reports it.</summary>
public enum DeploymentState
{
    Creating,
    InService,
    Updating,
    Failed,
}

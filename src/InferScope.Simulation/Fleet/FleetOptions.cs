namespace InferScope.Simulation.Fleet;

/// <summary>Overrides applied to a scenario when its fleet is built.</summary>
public sealed record FleetOptions
{
    /// <summary>Instances per endpoint in place of each endpoint's <c>instance_count</c>, or null to keep them.</summary>
    public int? InstancesPerEndpoint { get; init; }
}

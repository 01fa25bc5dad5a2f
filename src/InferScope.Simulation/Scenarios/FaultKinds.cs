namespace InferScope.Simulation.Scenarios;

/// <summary>The fault kinds a scenario can inject.</summary>
public static class FaultKinds
{
    /// <summary>The router sends nothing to one zone (<c>az</c>).</summary>
    public const string AzNoTraffic = "az_no_traffic";

    /// <summary>The router adds <c>extra_ms</c> to every request of <c>endpoint</c>.</summary>
    public const string RoutingOverhead = "routing_overhead";

    /// <summary>Cooling degrades by <c>cooling_factor</c> on <c>endpoint</c>'s <c>instance</c> (and <c>gpu</c>).</summary>
    public const string ThermalThrottle = "thermal_throttle";

    /// <summary>A GPU of <c>endpoint</c>'s <c>instance</c> raises <c>xid</c>; the instance goes down and is replaced after <c>duration</c>.</summary>
    public const string XidError = "xid_error";

    /// <summary><c>endpoint</c>'s <c>instance</c> restarts with a build whose health check never passes.</summary>
    public const string HealthCheckFailure = "health_check_failure";

    /// <summary><c>endpoint</c>'s traffic changes rate and lengths.</summary>
    public const string TrafficChange = "traffic_change";

    /// <summary><c>endpoint</c>'s instances are redeployed one at a time (Updating, then InService).</summary>
    public const string DeploymentUpdate = "deployment_update";

    public static IReadOnlyList<string> All { get; } =
        [AzNoTraffic, RoutingOverhead, ThermalThrottle, XidError, HealthCheckFailure, TrafficChange, DeploymentUpdate];
}

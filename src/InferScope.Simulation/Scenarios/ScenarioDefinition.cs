namespace InferScope.Simulation.Scenarios;

/// <summary>
/// A scenario file: the fleet, its traffic and the faults injected into it, with the root cause
/// the faults produce. docs/scenarios.md describes every field.
/// </summary>
public sealed class ScenarioDefinition
{
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    /// <summary>The root cause the scenario injects, from <see cref="RootCauses"/>; <c>none</c> for a healthy fleet.</summary>
    public string RootCause { get; set; } = RootCauses.None;

    public int Seed { get; set; } = 1;

    public string Region { get; set; } = "us-east-1";

    /// <summary>Wall-clock start of virtual time (ISO 8601, UTC); empty means "duration before now, on the hour".</summary>
    public string? Start { get; set; }

    /// <summary>Default length of a virtual-time run, such as <c>6h</c>.</summary>
    public string Duration { get; set; } = "6h";

    /// <summary>Interval between scrapes in virtual time, such as <c>15s</c>.</summary>
    public string ScrapeInterval { get; set; } = "15s";

    public List<EndpointDefinition> Endpoints { get; set; } = [];

    public List<TrafficDefinition> Traffic { get; set; } = [];

    public List<FaultDefinition> Faults { get; set; } = [];
}

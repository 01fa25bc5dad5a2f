namespace InferScope.Simulation.Scenarios;

/// <summary>
/// A fault injected at a time: its <see cref="Kind"/> (one of <see cref="FaultKinds"/>), what it
/// targets, and the parameters of that kind. docs/scenarios.md lists which fields each kind reads.
/// </summary>
public sealed class FaultDefinition
{
    public string At { get; set; } = "0s";

    /// <summary>How long the fault lasts; empty means until the end.</summary>
    public string? Duration { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string? Endpoint { get; set; }

    /// <summary>Instance index within the endpoint (0-based).</summary>
    public int? Instance { get; set; }

    public string? Az { get; set; }

    /// <summary>GPU index within the instance; empty means every GPU of it.</summary>
    public int? Gpu { get; set; }

    /// <summary><c>routing_overhead</c>: latency added to every request, in milliseconds.</summary>
    public double ExtraMs { get; set; } = 300;

    /// <summary><c>thermal_throttle</c>: factor on the thermal resistance (2 doubles the temperature rise).</summary>
    public double CoolingFactor { get; set; } = 2.5;

    /// <summary><c>xid_error</c>: the XID code (79: the GPU has fallen off the bus).</summary>
    public int Xid { get; set; } = 79;

    /// <summary><c>traffic_change</c>: factor on the arrival rate.</summary>
    public double RateMultiplier { get; set; } = 1;

    /// <summary><c>traffic_change</c>: new prompt lengths while the fault lasts.</summary>
    public LengthDefinition? PromptTokens { get; set; }

    /// <summary><c>traffic_change</c>: new output lengths while the fault lasts.</summary>
    public LengthDefinition? OutputTokens { get; set; }
}

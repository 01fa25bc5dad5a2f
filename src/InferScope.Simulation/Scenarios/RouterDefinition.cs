namespace InferScope.Simulation.Scenarios;

/// <summary>The endpoint's router: its own latency and how it spreads traffic over zones.</summary>
public sealed class RouterDefinition
{
    /// <summary>Mean routing overhead per request, in milliseconds.</summary>
    public double OverheadMs { get; set; } = 4;

    /// <summary>Standard deviation of the overhead, in milliseconds.</summary>
    public double OverheadJitterMs { get; set; } = 1;

    /// <summary>Relative traffic weight per zone; a zone that is not listed gets weight 1.</summary>
    public Dictionary<string, double> AzWeights { get; set; } = [];
}

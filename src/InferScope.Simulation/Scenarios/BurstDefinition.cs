namespace InferScope.Simulation.Scenarios;

/// <summary>A period when the arrival rate is multiplied.</summary>
public sealed class BurstDefinition
{
    /// <summary>Offset from the start, such as <c>1h30m</c>.</summary>
    public string At { get; set; } = "0s";

    public string Duration { get; set; } = "5m";

    public double Multiplier { get; set; } = 2;
}

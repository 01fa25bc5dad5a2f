namespace InferScope.Simulation.Scenarios;

/// <summary>A token-length distribution: <c>fixed</c>, <c>uniform</c> (min to max) or <c>lognormal</c> (mean, stddev), clamped to [min, max].</summary>
public sealed class LengthDefinition
{
    public string Distribution { get; set; } = "lognormal";

    public double Mean { get; set; } = 256;

    public double Stddev { get; set; }

    public int Min { get; set; } = 1;

    public int Max { get; set; } = 8192;
}

namespace InferScope.Simulation.Scenarios;

/// <summary>An inference component: a model variant served by a number of copies, each on its own GPUs.</summary>
public sealed class ComponentDefinition
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The model; empty means the endpoint's.</summary>
    public string? Model { get; set; }

    /// <summary>The engine; empty means the endpoint's.</summary>
    public string? Engine { get; set; }

    /// <summary>Copies, placed round-robin over the endpoint's instances; 0 means one per instance.</summary>
    public int Copies { get; set; }

    /// <summary>Share of the endpoint's traffic, relative to the other components' weights.</summary>
    public double Weight { get; set; } = 1;
}

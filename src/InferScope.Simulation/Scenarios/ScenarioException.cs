namespace InferScope.Simulation.Scenarios;

/// <summary>A scenario file that cannot be used; the message names the field, the value and the fix.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

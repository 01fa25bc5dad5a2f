namespace InferScope.Analysis.Rules;

/// <summary>The configuration behind the generated fleet rules: objectives and prices.</summary>
public sealed record FleetRulesOptions
{
    /// <summary>The objective of endpoints without an entry in <see cref="Slos"/>.</summary>
    public EndpointSlo DefaultSlo { get; init; } = new("*");

    public IReadOnlyList<EndpointSlo> Slos { get; init; } = [];

    /// <summary>Price per instance-hour in dollars, by <c>instance_type</c>.</summary>
    public IReadOnlyDictionary<string, double> InstancePricesPerHour { get; init; } = new Dictionary<string, double>();

    /// <summary>The evaluation interval of every generated group.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The range of every <c>rate()</c> in the generated rules.</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(5);
}

namespace InferScope.Simulation.Scenarios;

/// <summary>The requests one endpoint receives: a rate with a daily shape and bursts, and length distributions.</summary>
public sealed class TrafficDefinition
{
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>Mean arrival rate in requests per second, before the daily shape and bursts.</summary>
    public double RequestsPerSecond { get; set; } = 1;

    /// <summary>Relative swing of the daily shape: 0.5 makes the peak 1.5× and the trough 0.5× the mean.</summary>
    public double DailyAmplitude { get; set; }

    /// <summary>UTC hour of the daily peak.</summary>
    public double PeakHour { get; set; } = 15;

    public LengthDefinition PromptTokens { get; set; } = new() { Mean = 512, Stddev = 256, Max = 4096 };

    public LengthDefinition OutputTokens { get; set; } = new() { Mean = 200, Stddev = 100, Max = 1024 };

    /// <summary>The requests' <c>max_tokens</c>; output that reaches it finishes with reason <c>length</c>.</summary>
    public int MaxTokens { get; set; } = 1024;

    /// <summary>Fraction of requests that start with one of the shared prefixes (system prompts).</summary>
    public double PrefixShare { get; set; }

    public int PrefixTokens { get; set; } = 256;

    /// <summary>Number of distinct shared prefixes.</summary>
    public int PrefixGroups { get; set; } = 4;

    public List<BurstDefinition> Bursts { get; set; } = [];
}

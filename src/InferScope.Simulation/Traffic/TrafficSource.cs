using InferScope.Simulation.Scenarios;

namespace InferScope.Simulation.Traffic;

/// <summary>
/// Generates one endpoint's arrivals: a Poisson process whose rate follows a daily cosine shape,
/// bursts and traffic-change faults, with prompt and output lengths from distributions.
/// </summary>
public sealed class TrafficSource
{
    private readonly TrafficDefinition definition;
    private readonly Random random;
    private readonly double startUnixSeconds;
    private readonly List<(double Start, double End, double Multiplier)> bursts = [];

    public TrafficSource(TrafficDefinition definition, int seed, double startUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(definition);
        this.definition = definition;
        random = new Random(SeedMixer.Mix(seed, "traffic/" + definition.Endpoint));
        this.startUnixSeconds = startUnixSeconds;
        foreach (var burst in definition.Bursts)
        {
            var start = DurationText.ParseSeconds(burst.At);
            bursts.Add((start, start + DurationText.ParseSeconds(burst.Duration), burst.Multiplier));
        }
    }

    public string Endpoint => definition.Endpoint;

    /// <summary>Factor on the rate set by a traffic-change fault (1 when none is active).</summary>
    public double FaultRateMultiplier { get; set; } = 1;

    /// <summary>Prompt lengths set by a traffic-change fault, or null.</summary>
    public LengthDefinition? PromptOverride { get; set; }

    /// <summary>Output lengths set by a traffic-change fault, or null.</summary>
    public LengthDefinition? OutputOverride { get; set; }

    /// <summary>Returns the arrival rate at virtual time <paramref name="time"/>, in requests per second.</summary>
    public double RateAt(double time)
    {
        var hour = ((startUnixSeconds + time) / 3600.0) % 24;
        var daily = 1 + (definition.DailyAmplitude * Math.Cos(2 * Math.PI * (hour - definition.PeakHour) / 24));
        var rate = definition.RequestsPerSecond * Math.Max(0, daily) * FaultRateMultiplier;
        foreach (var (start, end, multiplier) in bursts)
        {
            if (time >= start && time < end)
            {
                rate *= multiplier;
            }
        }

        return rate;
    }

    /// <summary>Generates the arrivals in [<paramref name="start"/>, start + <paramref name="seconds"/>), in time order.</summary>
    public List<ArrivalRequest> Generate(double start, double seconds)
    {
        var count = LengthSampler.Poisson(RateAt(start) * seconds, random);
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = start + (random.NextDouble() * seconds);
        }

        Array.Sort(times);
        var arrivals = new List<ArrivalRequest>(count);
        var prompts = PromptOverride ?? definition.PromptTokens;
        var outputs = OutputOverride ?? definition.OutputTokens;
        foreach (var time in times)
        {
            var prompt = LengthSampler.Sample(prompts, random);
            var output = Math.Min(LengthSampler.Sample(outputs, random), definition.MaxTokens);
            var prefixId = 0;
            var prefixTokens = 0;
            if (definition.PrefixShare > 0 && random.NextDouble() < definition.PrefixShare)
            {
                prefixId = 1 + random.Next(Math.Max(1, definition.PrefixGroups));
                prefixTokens = Math.Min(definition.PrefixTokens, prompt - 1);
            }

            arrivals.Add(new ArrivalRequest(time, prompt, output, definition.MaxTokens, prefixId, prefixTokens));
        }

        return arrivals;
    }
}

using InferScope.Simulation.Scenarios;

namespace InferScope.Simulation.Traffic;

/// <summary>Draws token lengths from a <see cref="LengthDefinition"/>.</summary>
public static class LengthSampler
{
    /// <summary>Checks a definition and returns a readable error, or null when it is valid.</summary>
    public static string? Validate(LengthDefinition length)
    {
        ArgumentNullException.ThrowIfNull(length);
        if (length.Min < 1 || length.Max < length.Min)
        {
            return $"min ({length.Min}) must be at least 1 and max ({length.Max}) at least min";
        }

        return length.Distribution switch
        {
            "fixed" or "uniform" => null,
            "lognormal" when length.Mean > 0 && length.Stddev >= 0 => null,
            "lognormal" => $"lognormal needs mean > 0 and stddev >= 0, got mean {length.Mean} and stddev {length.Stddev}",
            _ => $"unknown distribution \"{length.Distribution}\"; use fixed, uniform or lognormal",
        };
    }

    public static int Sample(LengthDefinition length, Random random)
    {
        ArgumentNullException.ThrowIfNull(length);
        ArgumentNullException.ThrowIfNull(random);
        double value = length.Distribution switch
        {
            "fixed" => length.Mean,
            "uniform" => length.Min + (random.NextDouble() * (length.Max - length.Min + 1)),
            _ => SampleLogNormal(length.Mean, length.Stddev, random),
        };
        return (int)Math.Clamp(Math.Floor(value), length.Min, length.Max);
    }

    private static double SampleLogNormal(double mean, double stddev, Random random)
    {
        if (stddev <= 0)
        {
            return mean;
        }

        var sigmaSquared = Math.Log(1 + (stddev * stddev / (mean * mean)));
        var mu = Math.Log(mean) - (sigmaSquared / 2);
        return Math.Exp(mu + (Math.Sqrt(sigmaSquared) * StandardNormal(random)));
    }

    /// <summary>Draws from N(0, 1) with the Box-Muller transform.</summary>
    public static double StandardNormal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Draws a Poisson count with the given mean (Knuth's method, or a normal approximation above 30).</summary>
    public static int Poisson(double mean, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * StandardNormal(random))));
        }

        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }
}

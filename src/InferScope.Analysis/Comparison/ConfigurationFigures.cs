namespace InferScope.Analysis.Comparison;

/// <summary>
/// The compared figures of one configuration, each with a 95% bootstrap interval. Goodput is
/// requests per second per instance that met both objectives, as the lower bound
/// max(0, TTFT share + ITL share - 1) because the two histograms cannot be joined per request.
/// </summary>
public sealed record ConfigurationFigures
{
    public required string Name { get; init; }

    public required Estimate TtftP50 { get; init; }

    public required Estimate TtftP99 { get; init; }

    public required Estimate ItlP50 { get; init; }

    public required Estimate ItlP99 { get; init; }

    public required Estimate OutputTokensPerSecondPerInstance { get; init; }

    public required Estimate GoodputPerInstance { get; init; }

    /// <summary>Instances that serve the stated load within the objectives; missing without a stated load.</summary>
    public required Estimate InstancesNeeded { get; init; }

    /// <summary>How many intervals had data; the interval bounds are unreliable below about 10.</summary>
    public required int Intervals { get; init; }

    public required IReadOnlyList<string> Queries { get; init; }
}

/// <summary>The figures of both sides of a comparison.</summary>
public sealed record ComparisonReport(ComparisonRequest Request, ConfigurationFigures A, ConfigurationFigures B)
{
    /// <summary>What limits the comparison, such as bucket layouts that differ between the sides.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

namespace InferScope.Server.Configuration;

/// <summary>
/// The throughput and latency one instance of an endpoint reached in its benchmark: the baseline the
/// dashboard draws and the diagnosis compares production with.
/// </summary>
public sealed class BenchmarkConfig
{
    public double? InputTokensPerSecond { get; init; }

    public double? OutputTokensPerSecond { get; init; }

    public double? TtftP99Seconds { get; init; }

    public double? ItlP99Seconds { get; init; }

    /// <summary>The concurrent requests per instance the benchmark ran with.</summary>
    public int? Concurrency { get; init; }

    /// <summary>The mean prompt length of the benchmark's requests, in tokens.</summary>
    public double? MeanPromptTokens { get; init; }

    /// <summary>The mean output length of the benchmark's requests, in tokens.</summary>
    public double? MeanOutputTokens { get; init; }
}

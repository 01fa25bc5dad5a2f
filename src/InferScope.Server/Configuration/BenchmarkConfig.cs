namespace InferScope.Server.Configuration;

/// <summary>The throughput and latency an endpoint reached in its benchmark, drawn as a baseline.</summary>
public sealed class BenchmarkConfig
{
    public double? InputTokensPerSecond { get; init; }

    public double? OutputTokensPerSecond { get; init; }

    public double? TtftP99Seconds { get; init; }

    public double? ItlP99Seconds { get; init; }

    /// <summary>The concurrent requests the benchmark ran with.</summary>
    public int? Concurrency { get; init; }
}

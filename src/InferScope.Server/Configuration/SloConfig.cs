namespace InferScope.Server.Configuration;

/// <summary>Service level objectives of an endpoint; a request meets them when every set bound holds.</summary>
public sealed class SloConfig
{
    public double? TtftSeconds { get; init; }

    public double? ItlSeconds { get; init; }

    public double? E2eSeconds { get; init; }

    /// <summary>The target fraction of requests that meet the objectives, between 0 and 1.</summary>
    public double? Target { get; init; }
}

using InferScope.Analysis.Diagnosis;

namespace InferScope.Analysis.Scaling;

/// <summary>
/// The advice for one endpoint. When <see cref="DesiredInstances"/> is null no advice could be
/// given and <see cref="Reason"/> gives the cause (a signal missing or stale); otherwise the reason
/// explains the count.
/// </summary>
public sealed record ScalingAdvice
{
    public required string Endpoint { get; init; }

    public int? CurrentInstances { get; init; }

    public int? DesiredInstances { get; init; }

    /// <summary>Mean KV-cache occupancy over the signal window, 0 to 1.</summary>
    public double? KvUsage { get; init; }

    public double? WaitingPerInstance { get; init; }

    /// <summary>The count the KV-cache target alone requires, before the queue signal, limits and cooldowns.</summary>
    public int? DesiredByKvUsage { get; init; }

    /// <summary>The count that would absorb the waiting requests at the current concurrency per instance.</summary>
    public int? DesiredByQueue { get; init; }

    /// <summary>When occupancy, on its current trend, reaches the level at which requests queue; null when it is not rising.</summary>
    public DateTimeOffset? QueueBuildsAt { get; init; }

    /// <summary>When a change held back by a cooldown may happen.</summary>
    public DateTimeOffset? CooldownUntil { get; init; }

    public required string Reason { get; init; }

    public required IReadOnlyList<Evidence> Evidence { get; init; }
}

using InferScope.Model;

namespace InferScope.Analysis.Rules;

/// <summary>
/// One alert of an alerting rule: the rule's result series with the rule's labels added and its
/// annotations expanded. Times are evaluation timestamps. A resolved alert is
/// <see cref="AlertState.Inactive"/> with <see cref="ResolvedAt"/> set; it is kept for a while so
/// receivers learn that it ended.
/// </summary>
public sealed record Alert
{
    public required Labels Labels { get; init; }

    public required Labels Annotations { get; init; }

    public required AlertState State { get; init; }

    public required double Value { get; init; }

    /// <summary>When the condition was first seen; the start of the pending period.</summary>
    public required DateTimeOffset ActiveAt { get; init; }

    public DateTimeOffset? FiredAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When the condition stopped holding while <c>keep_firing_for</c> keeps the alert firing.</summary>
    public DateTimeOffset? KeepFiringSince { get; init; }

    public DateTimeOffset? LastSentAt { get; init; }

    /// <summary>When receivers should consider the alert over unless it is sent again.</summary>
    public DateTimeOffset? ValidUntil { get; init; }
}

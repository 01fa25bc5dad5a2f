namespace InferScope.Analysis.Scaling;

/// <summary>Applies limits, tolerance and cooldowns to the count the signals ask for.</summary>
public static class ScalingDecision
{
    /// <param name="current">The count to change from: the count last advised, or the running count at first.</param>
    /// <param name="lastScaleOut">When the advice last raised the count for this endpoint, if ever.</param>
    /// <param name="lastChange">When the advice last changed the count in either direction, if ever.</param>
    public static (int Desired, DateTimeOffset? CooldownUntil, string Note) Decide(
        ScalingPolicy policy, int current, int requested, DateTimeOffset now, DateTimeOffset? lastScaleOut, DateTimeOffset? lastChange)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var clamped = Math.Clamp(requested, policy.MinInstances, policy.MaxInstances);
        var note = clamped != requested ? $" (limited to {policy.MinInstances}..{policy.MaxInstances})" : string.Empty;
        if (clamped > current)
        {
            if (lastScaleOut is { } outAt && now - outAt < policy.ScaleOutCooldown)
            {
                return (current, outAt + policy.ScaleOutCooldown, note + "; held by the scale-out cooldown");
            }

            return (clamped, null, note);
        }

        if (clamped < current)
        {
            if (clamped >= current * (1 - policy.ScaleInTolerance))
            {
                return (current, null, note + "; within the scale-in tolerance");
            }

            if (lastChange is { } changedAt && now - changedAt < policy.ScaleInCooldown)
            {
                return (current, changedAt + policy.ScaleInCooldown, note + "; held by the scale-in cooldown");
            }
        }

        return (clamped, null, note);
    }
}

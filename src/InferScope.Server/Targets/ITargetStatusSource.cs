namespace InferScope.Server.Targets;

/// <summary>The scrape targets' state, for <c>/api/v1/targets</c>.</summary>
public interface ITargetStatusSource
{
    IReadOnlyList<TargetStatus> ActiveTargets();

    /// <summary>Targets that discovery found but the configuration dropped; only discovered labels are shown.</summary>
    IReadOnlyList<TargetStatus> DroppedTargets();
}

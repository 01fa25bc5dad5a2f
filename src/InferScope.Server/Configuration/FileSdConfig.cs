namespace InferScope.Server.Configuration;

/// <summary>
/// File-based discovery in Prometheus's file_sd format: JSON or YAML files holding a list of
/// <c>{targets: [...], labels: {...}}</c> groups, re-read when they change.
/// </summary>
public sealed class FileSdConfig
{
    /// <summary>File paths or glob patterns (a <c>*</c> in the last path segment).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>How often the files are re-read even without a change notification; default 5 minutes.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);
}

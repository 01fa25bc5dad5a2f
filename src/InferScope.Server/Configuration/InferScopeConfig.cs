namespace InferScope.Server.Configuration;

/// <summary>
/// The whole server configuration as loaded from YAML. Instances are immutable: a reload builds a new
/// one and swaps it in only when it is valid.
/// </summary>
public sealed class InferScopeConfig
{
    public GlobalConfig Global { get; init; } = new();

    public StorageConfig Storage { get; init; } = new();

    public IReadOnlyList<EndpointConfig> Endpoints { get; init; } = [];

    /// <summary>Paths of Prometheus-format rule files, relative to the configuration file's folder.</summary>
    public IReadOnlyList<string> RuleFiles { get; init; } = [];

    public AlertingConfig Alerting { get; init; } = new();

    public AuthConfig Auth { get; init; } = new();

    public WebConfig Web { get; init; } = new();

    public QueryConfig Query { get; init; } = new();

    /// <summary>The YAML text with secrets replaced by <c>&lt;secret&gt;</c>, for /api/v1/status/config.</summary>
    public string RedactedYaml { get; init; } = string.Empty;

    /// <summary>The file the configuration came from, or null when it was parsed from text.</summary>
    public string? SourcePath { get; init; }
}

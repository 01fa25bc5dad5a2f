namespace InferScope.Server.Configuration;

/// <summary>A configuration that failed to load, with every problem found.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
        : this(null, [])
    {
    }

    public ConfigException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public ConfigException(string? sourcePath, IReadOnlyList<ConfigError> errors)
        : base(FormatMessage(sourcePath, errors))
    {
        SourcePath = sourcePath;
        Errors = errors;
    }

    public string? SourcePath { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string FormatMessage(string? sourcePath, IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var source = sourcePath ?? "configuration";
        if (errors.Count == 0)
        {
            return $"Invalid configuration in {source}.";
        }

        var lines = errors.Select(e => $"{source}: {e}");
        return $"Invalid configuration ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, lines);
    }
}

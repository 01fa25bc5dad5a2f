using Microsoft.Extensions.Logging;

namespace InferScope.Server.Hosting;

/// <summary>Command-line settings of <c>inferscope serve</c> that override the configuration file.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration file, watched and reloaded on change.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>Replaces <c>web.listen_address</c> when set.</summary>
    public string? ListenAddress { get; init; }

    /// <summary>Replaces <c>storage.data_dir</c> when set.</summary>
    public string? DataDir { get; init; }

    /// <summary>Whether to reload on SIGHUP and when the file changes; tests turn it off.</summary>
    public bool WatchConfig { get; init; } = true;

    /// <summary>Called once the server listens, with the addresses it listens on (ports resolved).</summary>
    public Action<IReadOnlyList<string>>? OnStarted { get; init; }

    /// <summary>The least severe log level written to the console; the demo raises it to keep its output short.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}

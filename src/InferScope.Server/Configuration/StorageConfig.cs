namespace InferScope.Server.Configuration;

/// <summary>The <c>storage</c> block.</summary>
public sealed class StorageConfig
{
    public StorageMode Mode { get; init; } = StorageMode.Local;

    /// <summary>The data folder of the embedded store; <c>--data</c> overrides it.</summary>
    public string DataDir { get; init; } = "data";

    /// <summary>How long samples are kept; default 15 days, as in Prometheus.</summary>
    public TimeSpan RetentionTime { get; init; } = TimeSpan.FromDays(15);

    /// <summary>The maximum bytes of blocks kept on disk, or 0 for no size limit.</summary>
    public long RetentionSizeBytes { get; init; }

    /// <summary>The remote-write URL used when <see cref="Mode"/> is remote.</summary>
    public Uri? RemoteWriteUrl { get; init; }

    /// <summary>The base URL of the Prometheus-compatible query API used when <see cref="Mode"/> is remote.</summary>
    public Uri? RemoteReadUrl { get; init; }
}

namespace InferScope.Server.Configuration;

/// <summary>The <c>web</c> block: the HTTP listener.</summary>
public sealed class WebConfig
{
    /// <summary>The port used when neither the configuration nor <c>--listen</c> sets one.</summary>
    public const int DefaultPort = 9097;

    /// <summary>The listen address as <c>host:port</c>; <c>--listen</c> overrides it.</summary>
    public string ListenAddress { get; init; } = $"0.0.0.0:{DefaultPort}";

    /// <summary>The maximum bytes of a request body; larger requests get 413. Default 32 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>The PEM certificate file for HTTPS, or null for plain HTTP.</summary>
    public string? TlsCertFile { get; init; }

    /// <summary>The PEM private key file matching <see cref="TlsCertFile"/>.</summary>
    public string? TlsKeyFile { get; init; }
}

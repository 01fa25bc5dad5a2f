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

    /// <summary>
    /// A second listener, as <c>host:port</c>, that speaks only HTTP/2 without TLS (h2c), for OTLP over
    /// gRPC; null leaves it off. OpenTelemetry's default gRPC port is 4317. With TLS configured, the
    /// main listener also negotiates HTTP/2 and accepts gRPC.
    /// </summary>
    public string? OtlpGrpcListenAddress { get; init; }

    /// <summary>
    /// The address users reach the server at, for links in sent alerts; null means the listen address
    /// with this machine's host name.
    /// </summary>
    public Uri? ExternalUrl { get; init; }

    /// <summary>The PEM certificate file for HTTPS, or null for plain HTTP.</summary>
    public string? TlsCertFile { get; init; }

    /// <summary>The PEM private key file matching <see cref="TlsCertFile"/>.</summary>
    public string? TlsKeyFile { get; init; }
}

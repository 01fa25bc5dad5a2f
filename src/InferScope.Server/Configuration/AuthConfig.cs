namespace InferScope.Server.Configuration;

/// <summary>Authentication per API group; a group without settings is open.</summary>
public sealed class AuthConfig
{
    /// <summary>Push receivers: remote write and OTLP.</summary>
    public ApiAuthConfig? Write { get; init; }

    /// <summary>Administrative endpoints such as <c>/-/reload</c>.</summary>
    public ApiAuthConfig? Admin { get; init; }

    /// <summary>The query API, federation and the dashboard's data.</summary>
    public ApiAuthConfig? Query { get; init; }
}

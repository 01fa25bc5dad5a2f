namespace InferScope.Server.Configuration;

/// <summary>The credentials one API group accepts: a bearer token, basic credentials, or either.</summary>
public sealed class ApiAuthConfig
{
    public string? BearerToken { get; init; }

    public string? BasicUsername { get; init; }

    public string? BasicPassword { get; init; }
}

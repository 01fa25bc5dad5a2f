namespace InferScope.Server.Security;

/// <summary>The groups of HTTP paths that carry their own credentials.</summary>
public enum ApiGroup
{
    /// <summary>Health and readiness probes; never authenticated.</summary>
    Open,

    /// <summary>The query API, federation and the server's own metrics.</summary>
    Query,

    /// <summary>Push receivers: remote write and OTLP.</summary>
    Write,

    /// <summary>Administrative endpoints: reload and the admin API.</summary>
    Admin,
}

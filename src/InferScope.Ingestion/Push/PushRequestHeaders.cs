namespace InferScope.Ingestion.Push;

/// <summary>The request headers a push receiver reads.</summary>
/// <param name="ContentType">The Content-Type header, or null.</param>
/// <param name="ContentEncoding">The Content-Encoding header, or null.</param>
/// <param name="RemoteWriteVersion">The X-Prometheus-Remote-Write-Version header, or null.</param>
public sealed record PushRequestHeaders(string? ContentType, string? ContentEncoding, string? RemoteWriteVersion = null);

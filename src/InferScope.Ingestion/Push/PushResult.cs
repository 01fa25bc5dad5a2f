namespace InferScope.Ingestion.Push;

/// <summary>
/// The response to a push: the HTTP status, a message for logs and error bodies, and for OTLP the
/// encoded response message to send as the body.
/// </summary>
public sealed record PushResult(int StatusCode, string Message)
{
    /// <summary>The response body; empty when the message should be sent as plain text.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The Content-Type of <see cref="Body"/>, or null when it is empty.</summary>
    public string? ContentType { get; init; }

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

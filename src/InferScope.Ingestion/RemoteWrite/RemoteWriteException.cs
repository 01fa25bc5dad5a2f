namespace InferScope.Ingestion.RemoteWrite;

/// <summary>A remote-write request that the receiver rejected or that failed after every retry.</summary>
public sealed class RemoteWriteException : Exception
{
    public RemoteWriteException()
    {
    }

    public RemoteWriteException(string message)
        : base(message)
    {
    }

    public RemoteWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the last response, or null when none arrived.</summary>
    public int? StatusCode { get; init; }
}

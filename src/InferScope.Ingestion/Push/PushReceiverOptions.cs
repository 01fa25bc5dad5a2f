namespace InferScope.Ingestion.Push;

/// <summary>Limits of the push receivers.</summary>
public sealed record PushReceiverOptions
{
    /// <summary>The maximum request body as sent (compressed) in bytes; default 32 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 32L << 20;

    /// <summary>The maximum body after decompression in bytes; default 128 MiB.</summary>
    public long MaxDecompressedBytes { get; init; } = 128L << 20;
}

namespace InferScope.Ingestion.Push;

/// <summary>A push body that decompresses to more than the receiver's limit, which receivers reject with 413.</summary>
public sealed class PayloadTooLargeException : Exception
{
    public PayloadTooLargeException()
    {
    }

    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    public PayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

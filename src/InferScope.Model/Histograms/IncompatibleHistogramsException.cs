namespace InferScope.Model.Histograms;

/// <summary>Raised when two histograms cannot be combined: one has exponential buckets and the other custom buckets.</summary>
public sealed class IncompatibleHistogramsException : InvalidOperationException
{
    public IncompatibleHistogramsException()
        : base("histograms with exponential and custom bucket schemas cannot be combined")
    {
    }

    public IncompatibleHistogramsException(string message)
        : base(message)
    {
    }

    public IncompatibleHistogramsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace InferScope.Exposition;

/// <summary>The counts of one <see cref="ExpositionIngest.Append"/> call.</summary>
/// <param name="Samples">The samples read from the payload.</param>
/// <param name="Appended">The samples the appender accepted.</param>
/// <param name="Rejected">The samples the appender rejected, for example out of order.</param>
public readonly record struct ExpositionAppendResult(int Samples, int Appended, int Rejected);

namespace InferScope.Exposition;

/// <summary>Where in the current line, or on which earlier line, a rule violation is reported.</summary>
internal enum ErrorSite
{
    None,
    Name,
    Labels,
    Value,
    Timestamp,
    Exemplar,
    PreviousSample,
}

/// <summary>A rule violation found by <see cref="OpenMetricsValidator"/>; <see cref="ErrorSite.None"/> means no violation.</summary>
internal readonly record struct ValidationError(ErrorSite Site, string Expected, string Found)
{
    public static ValidationError None => default;

    public bool IsError => Site != ErrorSite.None;
}

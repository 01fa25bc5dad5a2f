namespace InferScope.Exposition;

/// <summary>A parsed exposition payload: its format and its families in exposition order.</summary>
public sealed record ScrapePayload(ExpositionFormat Format, IReadOnlyList<MetricFamily> Families);

namespace InferScope.PromQL;

/// <summary>
/// The outcome of a query. Vectors and matrices use <see cref="Series"/>; a scalar uses
/// <see cref="Scalar"/>; a string uses <see cref="String"/>. Warnings and infos are the annotations
/// Prometheus returns beside the data.
/// </summary>
public sealed record QueryResult(
    ResultType Type,
    IReadOnlyList<SeriesResult> Series,
    Point? Scalar = null,
    string? String = null,
    IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<string>? Infos = null);

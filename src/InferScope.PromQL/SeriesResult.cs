using InferScope.Model;

namespace InferScope.PromQL;

/// <summary>One series of a query result: a vector element has one point, a matrix row has many.</summary>
public sealed record SeriesResult(Labels Labels, IReadOnlyList<Point> Points);

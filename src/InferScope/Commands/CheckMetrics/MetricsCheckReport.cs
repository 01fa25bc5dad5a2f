using InferScope.Engines;

namespace InferScope.Commands.CheckMetrics;

/// <summary>What <c>inferscope check-metrics</c> found in one payload.</summary>
/// <param name="Source">The file, URL or <c>-</c> as given.</param>
/// <param name="Format">The exposition format the payload was parsed as, or null when it was not read.</param>
/// <param name="Families">The number of metric families.</param>
/// <param name="Samples">The number of sample lines.</param>
/// <param name="Result">The normalization, or null when the payload could not be read or parsed.</param>
/// <param name="Error">The read or parse error, or null.</param>
internal sealed record MetricsCheckReport(
    string Source,
    string? Format,
    int Families,
    int Samples,
    NormalizationResult? Result,
    string? Error)
{
    public bool Failed => Error is not null;
}

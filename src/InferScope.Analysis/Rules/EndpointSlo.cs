namespace InferScope.Analysis.Rules;

/// <summary>
/// An endpoint's latency objectives. Each threshold should equal a bucket bound of its histogram,
/// because attainment is read from the bucket at that bound; the unified TTFT and ITL buckets
/// include 0.1, 0.25, 0.5, 1 and 2.5 among others.
/// </summary>
public sealed record EndpointSlo(string Endpoint, double TimeToFirstTokenSeconds = 1.0, double InterTokenLatencySeconds = 0.1);

using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>An OpenMetrics exemplar attached to a sample.</summary>
public sealed record Exemplar(Labels Labels, double Value, long? TimestampMs);

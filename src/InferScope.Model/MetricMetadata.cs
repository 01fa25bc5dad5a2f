namespace InferScope.Model;

/// <summary>A metric family's type, help text and unit, as exposed by its source.</summary>
public sealed record MetricMetadata(MetricType Type, string Help, string Unit);

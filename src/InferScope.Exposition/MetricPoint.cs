using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// One exposed sample line. <see cref="Labels"/> includes <c>__name__</c> with the sample's own name,
/// such as <c>foo_bucket</c> or <c>foo_total</c>.
/// </summary>
public sealed record MetricPoint(Labels Labels, double Value, long? TimestampMs = null, Exemplar? Exemplar = null);

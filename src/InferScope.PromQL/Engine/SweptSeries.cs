using InferScope.Model;

namespace InferScope.PromQL.Engine;

/// <summary>
/// One selected series after a range function was applied to it while it was read: the result per
/// step in <see cref="Windows"/>, or, for a series with native histograms, its samples in
/// <see cref="Raw"/> for the general sweep.
/// </summary>
internal sealed record SweptSeries(Labels Labels, StepSeries? Windows, RawSeries? Raw);

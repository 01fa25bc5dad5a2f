using InferScope.Model.Histograms;

namespace InferScope.PromQL.Testing;

/// <summary>
/// One value of a test-script sequence: a float, or a native histogram when
/// <see cref="Histogram"/> is set. <see cref="HintStated"/> records whether the literal named its
/// counter-reset hint, which is compared only then.
/// </summary>
internal readonly record struct ScriptValue(double Value, FloatHistogram? Histogram = null, bool HintStated = false);

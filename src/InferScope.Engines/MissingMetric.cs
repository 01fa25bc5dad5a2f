namespace InferScope.Engines;

/// <summary>A core unified metric that a payload did not yield, and why.</summary>
/// <param name="Name">The unified metric name.</param>
/// <param name="Reason">Whether the engine never exports it or this payload lacked it.</param>
public sealed record MissingMetric(string Name, MissingReason Reason);

/// <summary>Why a unified metric is absent from a normalization result.</summary>
public enum MissingReason
{
    /// <summary>The engine has no source for the metric (see <see cref="CapabilityMatrix"/>).</summary>
    NotProvidedByEngine,

    /// <summary>The engine can export the metric, but this payload did not contain its source.</summary>
    AbsentFromPayload,
}

namespace InferScope.PromQL;

/// <summary>A float value at a timestamp in milliseconds since the Unix epoch.</summary>
public readonly record struct Point(long TimestampMs, double Value);

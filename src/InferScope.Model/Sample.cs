namespace InferScope.Model;

/// <summary>A float sample: a timestamp in milliseconds since the Unix epoch and a value.</summary>
public readonly record struct Sample(long TimestampMs, double Value);

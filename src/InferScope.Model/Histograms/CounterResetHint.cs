namespace InferScope.Model.Histograms;

/// <summary>What the writer of a native histogram states about a counter reset since the previous sample.</summary>
public enum CounterResetHint : byte
{
    /// <summary>No statement: a reader detects resets by comparing with the previous sample.</summary>
    Unknown = 0,

    /// <summary>The counter was reset right before this sample.</summary>
    CounterReset = 1,

    /// <summary>The counter was not reset since the previous sample.</summary>
    NotCounterReset = 2,

    /// <summary>The histogram is a gauge: its counts may go down without a reset.</summary>
    Gauge = 3,
}

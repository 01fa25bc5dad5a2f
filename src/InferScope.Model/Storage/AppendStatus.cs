namespace InferScope.Model.Storage;

/// <summary>The outcome of appending one sample; every reason but <see cref="Ok"/> is counted by the store.</summary>
public enum AppendStatus
{
    Ok,

    /// <summary>The timestamp is older than the series' newest sample.</summary>
    OutOfOrder,

    /// <summary>The timestamp equals the newest sample's but the value differs.</summary>
    DuplicateTimestamp,

    /// <summary>The timestamp is older than the oldest time the store still accepts.</summary>
    TooOld,

    /// <summary>The timestamp is further in the future than the store accepts.</summary>
    TooNew,

    /// <summary>The sample would create a series beyond a configured series limit.</summary>
    SeriesLimit,

    /// <summary>The label set is invalid: no metric name, a bad name, or an empty set.</summary>
    InvalidLabels,
}

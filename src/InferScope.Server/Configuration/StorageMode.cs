namespace InferScope.Server.Configuration;

/// <summary>Where samples are stored and queried.</summary>
public enum StorageMode
{
    /// <summary>The embedded time-series store in the data folder.</summary>
    Local,

    /// <summary>A Prometheus-compatible system reached by remote write and its HTTP query API.</summary>
    Remote,
}

namespace InferScope.Simulation.Metrics;

/// <summary>The order of a histogram's sample lines; it differs between exporters.</summary>
public enum HistogramOrder
{
    /// <summary>prometheus_client in single-process mode: buckets, <c>_count</c>, <c>_sum</c>.</summary>
    BucketsCountSum,

    /// <summary>prometheus_client in multiprocess mode: <c>_sum</c>, buckets, <c>_count</c>.</summary>
    SumBucketsCount,

    /// <summary>Rust metrics-exporter-prometheus and client_golang: buckets, <c>_sum</c>, <c>_count</c>.</summary>
    BucketsSumCount,
}

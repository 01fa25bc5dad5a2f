namespace InferScope.Model;

/// <summary>Reserved label names with a meaning across the whole system.</summary>
public static class LabelNames
{
    /// <summary>The label that holds the metric name.</summary>
    public const string MetricName = "__name__";

    /// <summary>The upper bound label of a classic histogram bucket.</summary>
    public const string BucketBound = "le";

    /// <summary>The quantile label of a summary.</summary>
    public const string Quantile = "quantile";

    /// <summary>The scrape job.</summary>
    public const string Job = "job";

    /// <summary>The scrape target address or instance identity.</summary>
    public const string Instance = "instance";
}

namespace InferScope.Analysis;

/// <summary>The unified label names that analysis groups and filters by.</summary>
public static class LlmLabels
{
    public const string Endpoint = "endpoint";
    public const string Instance = "instance";
    public const string Region = "region";
    public const string Az = "az";
    public const string Engine = "engine";
    public const string Model = "model";
    public const string InstanceType = "instance_type";
    public const string GpuType = "gpu_type";
    public const string Gpu = "gpu";

    /// <summary>
    /// The data-parallel rank inside one instance. Sums and averages drop it first, so every
    /// per-instance figure covers all ranks of the instance.
    /// </summary>
    public const string Rank = "dp_rank";

    /// <summary>
    /// A fingerprint of a histogram's source bucket edges. Quantiles group by it, so buckets of
    /// different layouts (engine versions) are never summed together.
    /// </summary>
    public const string BucketLayout = "bucket_layout";

    public const string Reason = "reason";
    public const string Status = "status";
    public const string Job = "job";
}

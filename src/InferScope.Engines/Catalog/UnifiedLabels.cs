namespace InferScope.Engines.Catalog;

/// <summary>Names of the labels that unified <c>llm_*</c> series carry.</summary>
public static class UnifiedLabels
{
    public const string Endpoint = "endpoint";
    public const string Instance = "instance";
    public const string Region = "region";
    public const string Az = "az";
    public const string InstanceType = "instance_type";
    public const string GpuType = "gpu_type";
    public const string Engine = "engine";
    public const string EngineVersion = "engine_version";
    public const string Model = "model";
    public const string Component = "component";

    /// <summary>The data-parallel rank: vLLM's <c>engine</c> label, SGLang's <c>dp_rank</c>.</summary>
    public const string DataParallelRank = "dp_rank";

    /// <summary>
    /// The bucket layout of a unified histogram series: a fingerprint of its source bucket edges, so
    /// queries can group by it and never mix buckets or quantiles of different layouts.
    /// </summary>
    public const string BucketLayout = "bucket_layout";

    /// <summary>The labels every unified series carries where known, set by the scrape layer or the adapter.</summary>
    public static IReadOnlyList<string> Common { get; } =
    [
        Endpoint, Instance, Region, Az, InstanceType, GpuType, Engine, EngineVersion, Model, Component,
    ];

    /// <summary>Returns the identity labels of a scope, before the metric's own labels.</summary>
    public static IReadOnlyList<string> ForScope(LabelScope scope) => scope switch
    {
        LabelScope.Engine => EngineScope,
        LabelScope.Gpu => GpuScope,
        LabelScope.Host => HostScope,
        _ => EndpointScope,
    };

    private static readonly string[] EngineScope =
    [
        Endpoint, Instance, Region, Az, InstanceType, GpuType, Engine, EngineVersion, Model, Component,
        DataParallelRank, "tp_rank", "pp_rank", "role",
    ];

    private static readonly string[] GpuScope =
    [
        Endpoint, Instance, Region, Az, InstanceType, GpuType, "gpu", "gpu_uuid", "node", "pod", "namespace", "container",
    ];

    private static readonly string[] HostScope =
    [
        Endpoint, Instance, Region, Az, InstanceType,
    ];

    private static readonly string[] EndpointScope =
    [
        Endpoint, Region, Engine, Model, Component,
    ];
}

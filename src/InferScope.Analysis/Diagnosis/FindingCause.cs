namespace InferScope.Analysis.Diagnosis;

/// <summary>The causes the diagnosis can name. <see cref="FindingCauses.Id"/> gives each a stable kebab-case id for JSON.</summary>
public enum FindingCause
{
    /// <summary>Requests wait inside the engine for KV-cache room: occupancy near full, a waiting queue, high TTFT.</summary>
    KvCacheQueuing,

    /// <summary>Time to first token is high without queuing: long prompts saturate prefill compute.</summary>
    PrefillBound,

    /// <summary>Inter-token latency is high: decode saturates memory bandwidth or the batch is too large.</summary>
    DecodeBound,

    /// <summary>Latency is spent outside the engine: gateway, routing or scheduling.</summary>
    OverheadLatency,

    /// <summary>An availability zone with instances receives no requests.</summary>
    AzNoTraffic,

    /// <summary>An availability zone receives far less than its share of requests.</summary>
    AzSkewedTraffic,

    /// <summary>GPU clocks are held down for heat or power.</summary>
    GpuThrottling,

    /// <summary>GPUs report XID or ECC errors.</summary>
    GpuErrors,

    /// <summary>Running requests are evicted from the KV cache and recomputed at a high rate.</summary>
    PreemptionStorm,

    /// <summary>A deployment is in the failed state or has fewer ready replicas than desired.</summary>
    DeploymentFailed,

    /// <summary>A scrape target does not respond.</summary>
    TargetDown,

    /// <summary>Production throughput per instance is far below the endpoint's benchmark.</summary>
    BenchmarkGap,

    /// <summary>The share of failed requests jumped above its baseline.</summary>
    ErrorRateSpike,

    /// <summary>A metric the diagnosis needs is absent or has stopped updating.</summary>
    MissingMetric,
}

public static class FindingCauses
{
    /// <summary>Returns the cause's id, such as <c>kv-cache-queuing</c>.</summary>
    public static string Id(this FindingCause cause) => cause switch
    {
        FindingCause.KvCacheQueuing => "kv-cache-queuing",
        FindingCause.PrefillBound => "prefill-bound",
        FindingCause.DecodeBound => "decode-bound",
        FindingCause.OverheadLatency => "overhead-latency",
        FindingCause.AzNoTraffic => "az-no-traffic",
        FindingCause.AzSkewedTraffic => "az-skewed-traffic",
        FindingCause.GpuThrottling => "gpu-throttling",
        FindingCause.GpuErrors => "gpu-errors",
        FindingCause.PreemptionStorm => "preemption-storm",
        FindingCause.DeploymentFailed => "deployment-failed",
        FindingCause.TargetDown => "target-down",
        FindingCause.BenchmarkGap => "benchmark-gap",
        FindingCause.ErrorRateSpike => "error-rate-spike",
        FindingCause.MissingMetric => "missing-metric",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "Unknown finding cause."),
    };

    /// <summary>
    /// How likely the cause is to be the root of the others when several fire together: a GPU
    /// fault explains slow decoding, KV-cache queuing explains preemptions. Higher ranks first.
    /// </summary>
    public static int RootWeight(this FindingCause cause) => cause switch
    {
        FindingCause.GpuErrors => 10,
        FindingCause.TargetDown or FindingCause.DeploymentFailed => 9,
        FindingCause.AzNoTraffic or FindingCause.GpuThrottling => 8,
        FindingCause.KvCacheQueuing or FindingCause.ErrorRateSpike => 7,
        FindingCause.OverheadLatency => 6,
        FindingCause.PrefillBound or FindingCause.PreemptionStorm => 5,
        FindingCause.DecodeBound or FindingCause.AzSkewedTraffic => 4,
        FindingCause.BenchmarkGap => 3,
        _ => 2,
    };
}

namespace InferScope.Simulation.Scenarios;

/// <summary>The root causes scenarios declare, so a test can check that diagnosis names the injected one.</summary>
public static class RootCauses
{
    public const string None = "none";
    public const string KvCacheExhaustion = "kv_cache_exhaustion";
    public const string AzTrafficImbalance = "az_traffic_imbalance";
    public const string RoutingOverhead = "routing_overhead";
    public const string PrefillBound = "prefill_bound";
    public const string DecodeBound = "decode_bound";
    public const string GpuThermalThrottling = "gpu_thermal_throttling";
    public const string GpuXidError = "gpu_xid_error";
    public const string HealthCheckFailure = "deployment_health_check_failure";
    public const string BatchConcurrencyLimit = "batch_concurrency_limit";
    public const string EngineComparison = "engine_comparison";

    public static IReadOnlyList<string> All { get; } =
    [
        None, KvCacheExhaustion, AzTrafficImbalance, RoutingOverhead, PrefillBound, DecodeBound,
        GpuThermalThrottling, GpuXidError, HealthCheckFailure, BatchConcurrencyLimit, EngineComparison,
    ];
}

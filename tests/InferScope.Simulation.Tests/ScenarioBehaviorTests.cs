using InferScope.Simulation.Fleet;

namespace InferScope.Simulation.Tests;

/// <summary>Checks that each shipped scenario produces the symptoms of the root cause it declares.</summary>
public sealed class ScenarioBehaviorTests
{
    [Fact]
    public void KvCacheExhaustion_RaisesTtftButNotInferenceTime()
    {
        var fleet = FleetHarness.Build("kv-cache-exhaustion");
        (string, string)[] histograms =
        [
            ("vllm", "vllm:time_to_first_token_seconds"),
            ("vllm", "vllm:request_inference_time_seconds"),
            ("inferscope-simulator", "llm_router_overhead_seconds"),
        ];
        var before = FleetHarness.WindowMeans(fleet, 900, 3600, histograms);
        var preemptionsBefore = FleetHarness.Sum(fleet, "vllm", "vllm:num_preemptions_total");
        var during = FleetHarness.WindowMeans(fleet, 4500, 7000, histograms);
        var preemptionsDuring = FleetHarness.Sum(fleet, "vllm", "vllm:num_preemptions_total") - preemptionsBefore;
        var (ttftBefore, inferenceBefore, overheadBefore) = (before[0], before[1], before[2]);
        var (ttftDuring, inferenceDuring, overheadDuring) = (during[0], during[1], during[2]);
        fleet.AdvanceTo(7000);
        var kvUsage = FleetHarness.Sum(fleet, "vllm", "vllm:kv_cache_usage_perc") / 3;
        var waiting = FleetHarness.Sum(fleet, "vllm", "vllm:num_requests_waiting");

        // Queueing for KV blocks, not slower compute, is what moves TTFT.
        var ttftGrowth = ttftDuring / ttftBefore;
        var inferenceGrowth = inferenceDuring / inferenceBefore;
        Assert.True(ttftDuring > 5 * ttftBefore, $"TTFT {ttftBefore:F2}s before, {ttftDuring:F2}s during");
        Assert.True(ttftGrowth > 4 * inferenceGrowth, $"TTFT grew {ttftGrowth:F1}x, inference time {inferenceGrowth:F1}x");
        Assert.InRange(overheadDuring / overheadBefore, 0.9, 1.1);
        Assert.True(kvUsage > 0.9, $"KV usage {kvUsage:F2}");
        Assert.True(waiting > 10, $"{waiting} requests waiting");
        Assert.True(preemptionsDuring > 0, "no preemptions during the fault");
    }

    [Fact]
    public void AzNoTraffic_StopsRoutingToZone()
    {
        var fleet = FleetHarness.Build("az-no-traffic");
        fleet.AdvanceTo(1800);
        var zoneBBefore = FleetHarness.Sum(fleet, "inferscope-simulator", "llm_router_requests_total", ("az", "us-east-1b"));
        var zoneABefore = FleetHarness.Sum(fleet, "inferscope-simulator", "llm_router_requests_total", ("az", "us-east-1a"));
        fleet.AdvanceTo(3600);
        var zoneBAfter = FleetHarness.Sum(fleet, "inferscope-simulator", "llm_router_requests_total", ("az", "us-east-1b"));
        var zoneAAfter = FleetHarness.Sum(fleet, "inferscope-simulator", "llm_router_requests_total", ("az", "us-east-1a"));

        Assert.True(zoneBBefore > 500, $"zone b got {zoneBBefore} requests before the fault");
        Assert.Equal(zoneBBefore, zoneBAfter, 3);
        Assert.True(zoneAAfter - zoneABefore > 1000, $"zone a got {zoneAAfter - zoneABefore} requests during the fault");
        Assert.Equal(6, FleetHarness.Sum(fleet, "inferscope-simulator", "llm_deployment_status", ("state", "InService")));
    }

    [Fact]
    public void RoutingOverhead_AddsRouterLatencyOnly()
    {
        var fleet = FleetHarness.Build("routing-overhead");
        (string, string)[] histograms = [("inferscope-simulator", "llm_router_overhead_seconds"), ("vllm", "vllm:time_to_first_token_seconds")];
        var before = FleetHarness.WindowMeans(fleet, 300, 1800, histograms);
        var during = FleetHarness.WindowMeans(fleet, 2000, 5000, histograms);
        var (overheadBefore, ttftBefore) = (before[0], before[1]);
        var (overheadDuring, ttftDuring) = (during[0], during[1]);

        Assert.InRange(overheadBefore, 0.003, 0.005);
        Assert.InRange(overheadDuring, 0.350, 0.358);
        Assert.InRange(ttftDuring / ttftBefore, 0.7, 1.4);
    }

    [Fact]
    public void XidError_TakesInstanceDownThenReplacesIt()
    {
        var fleet = FleetHarness.Build("gpu-xid-error");
        fleet.AdvanceTo(2500);
        var replica = fleet.Replicas.Single(r => r.Instance.Index == 1);
        var engineTarget = fleet.Targets.Single(t => t.Replica == replica);

        Assert.Equal(DeploymentState.Failed, replica.Lifecycle.State);
        Assert.Equal(503, engineTarget.Render(fleet.Now).StatusCode);
        Assert.Equal(79, FleetHarness.Sum(fleet, "dcgm", "DCGM_FI_DEV_XID_ERRORS", ("Hostname", replica.Instance.HostName)));
        Assert.Equal(1, FleetHarness.Sum(fleet, "inferscope-simulator", "llm_deployment_status", ("instance", replica.Instance.HostName), ("state", "Failed")));
        Assert.Equal(2, FleetHarness.Sum(fleet, "inferscope-simulator", "llm_deployment_replicas_ready"));

        fleet.AdvanceTo(3600 + 30);
        Assert.Equal(DeploymentState.Creating, replica.Lifecycle.State);

        fleet.AdvanceTo(3600 + 300);
        Assert.Equal(DeploymentState.InService, replica.Lifecycle.State);
        Assert.Equal(200, engineTarget.Render(fleet.Now).StatusCode);
        Assert.Equal(0, FleetHarness.Sum(fleet, "dcgm", "DCGM_FI_DEV_XID_ERRORS", ("Hostname", replica.Instance.HostName)));
        var startup = FleetHarness.Sum(fleet, "inferscope-simulator", "llm_deployment_startup_seconds", ("instance", replica.Instance.HostName));
        Assert.InRange(startup, 60, 150);
    }

    [Fact]
    public void HealthCheckFailure_EndsFailedAfterThreeChecks()
    {
        var fleet = FleetHarness.Build("health-check-failure");
        fleet.AdvanceTo(1800 + 30);
        var replica = fleet.Replicas.Single(r => r.Instance.Index == 2);

        Assert.Equal(DeploymentState.Updating, replica.Lifecycle.State);

        fleet.AdvanceTo(1800 + 600);
        Assert.Equal(DeploymentState.Failed, replica.Lifecycle.State);
        Assert.Equal(3, FleetHarness.Sum(fleet, "inferscope-simulator", "llm_deployment_health_check_failures_total", ("instance", replica.Instance.HostName)));
        Assert.Equal(2, FleetHarness.Sum(fleet, "inferscope-simulator", "llm_deployment_replicas_ready"));
        Assert.Equal(0, FleetHarness.Sum(fleet, "inferscope-simulator", "llm_router_request_errors_total"));
    }

    [Fact]
    public void ThermalThrottle_HeatsGpuAndSlowsItsInstance()
    {
        var fleet = FleetHarness.Build("gpu-thermal-throttling");
        fleet.AdvanceTo(3600);
        var hot = fleet.Instances[0].Gpus[2];
        var healthy = fleet.Instances[1].Gpus[2];

        Assert.True(hot.Temperature > hot.Profile.SlowdownTemperatureCelsius, $"hot GPU at {hot.Temperature:F1} °C");
        Assert.True(healthy.Temperature < healthy.Profile.SlowdownTemperatureCelsius, $"healthy GPU at {healthy.Temperature:F1} °C");
        Assert.True(hot.SmClockMHz < healthy.SmClockMHz * 0.9, $"SM clock {hot.SmClockMHz} vs {healthy.SmClockMHz} MHz");
        Assert.True(FleetHarness.Sum(fleet, "dcgm", "DCGM_FI_DEV_THERMAL_VIOLATION", ("Hostname", fleet.Instances[0].HostName)) > 0);

        var throttledRank = fleet.Replicas.Single(r => r.Instance.Index == 0).Engine!.Ranks[0];
        var healthyRank = fleet.Replicas.Single(r => r.Instance.Index == 1).Engine!.Ranks[0];
        Assert.True(throttledRank.ClockFactor < 0.9, $"clock factor {throttledRank.ClockFactor:F2}");
        Assert.Equal(1.0, healthyRank.ClockFactor);
    }

    [Fact]
    public void ThroughputBelowBenchmark_ProductionFarBelowBenchmark()
    {
        var fleet = FleetHarness.Build("throughput-below-benchmark");
        fleet.AdvanceTo(1800);
        var tokensBefore = FleetHarness.Sum(fleet, "vllm", "vllm:generation_tokens_total");
        fleet.AdvanceTo(3600);
        var production = (FleetHarness.Sum(fleet, "vllm", "vllm:generation_tokens_total") - tokensBefore) / 1800 / 2;
        var benchmark = FleetHarness.Sum(fleet, "inferscope-simulator", "llm_benchmark_output_tokens_per_second");
        var waiting = FleetHarness.Sum(fleet, "vllm", "vllm:num_requests_waiting");

        Assert.True(production < benchmark * 0.3, $"production {production:F0} tokens/s, benchmark {benchmark:F0}");
        Assert.True(waiting > 5, $"{waiting} requests waiting");
        Assert.Equal(8, FleetHarness.Sum(fleet, "vllm", "vllm:num_requests_running"));
    }

    [Fact]
    public void PrefillAndDecodeBound_ShowOppositeTokenRatios()
    {
        var prefill = FleetHarness.Build("prefill-bound");
        prefill.AdvanceTo(1800);
        var prefillRatio = FleetHarness.Sum(prefill, "vllm", "vllm:prompt_tokens_total") / FleetHarness.Sum(prefill, "vllm", "vllm:generation_tokens_total");

        var decode = FleetHarness.Build("decode-bound");
        decode.AdvanceTo(1800);
        var decodeRatio = FleetHarness.Sum(decode, "vllm", "vllm:prompt_tokens_total") / FleetHarness.Sum(decode, "vllm", "vllm:generation_tokens_total");

        Assert.True(prefillRatio > 50, $"prompt/generation {prefillRatio:F1} on prefill-bound traffic");
        Assert.True(decodeRatio < 0.1, $"prompt/generation {decodeRatio:F3} on decode-bound traffic");
    }

    [Fact]
    public void EngineAb_SglangDecodesFasterThanVllm()
    {
        var fleet = FleetHarness.Build("vllm-vs-sglang");
        var means = FleetHarness.WindowMeans(fleet, 600, 3600, ("vllm", "vllm:inter_token_latency_seconds"), ("sglang", "sglang:time_per_output_token_seconds"));
        var (vllm, sglang) = (means[0], means[1]);

        Assert.True(sglang < vllm, $"SGLang {sglang * 1000:F1} ms, vLLM {vllm * 1000:F1} ms per token");
        Assert.True(sglang > vllm * 0.8, $"SGLang {sglang * 1000:F1} ms, vLLM {vllm * 1000:F1} ms per token");
    }
}

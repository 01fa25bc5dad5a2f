namespace InferScope.Engines.Tests;

public class OtherEngineNormalizationTests
{
    [Fact]
    public void Nim_MapsUnprefixedVllmNames()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("nim-llm-1.x.prom"), null);

        Assert.Equal(EngineKind.Nim, result.Engine);
        Assert.Equal(0.0002848191398461977, result.Value("llm_kv_cache_usage_ratio"));
        Assert.Equal(64, result.Value("llm_requests_max"));
        Assert.Equal(5, result.Value("llm_requests_finished_total", "reason", "length"));
        Assert.Equal(5, result.Value("llm_requests_succeeded_total"));
        Assert.Equal(2, result.Value("llm_time_to_first_token_seconds_bucket", "le", "0.02"));
        Assert.Equal("meta/llama-3.1-8b-instruct", result.Sample("llm_requests_running").Labels.Get("model"));
        Assert.Equal("nim", result.Sample("llm_requests_running").Labels.Get("engine"));
    }

    [Fact]
    public void Nim_OwnNames_AreNotReportedDeprecated()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("nim-llm-1.x.prom"), null);

        Assert.Empty(result.DeprecatedNames);
    }

    [Fact]
    public void Sglang04_MapsGaugesAndHistograms()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("sglang-0.4-docs.prom"), null);

        Assert.Equal(0.28, result.Value("llm_kv_cache_usage_ratio"));
        Assert.Equal(27, result.Value("llm_time_to_first_token_seconds_bucket", "le", "1"));
        Assert.Equal(11008, result.Value("llm_time_to_first_token_seconds_count"));
        Assert.Equal(2826, result.Value("llm_requests_waiting"));
        Assert.Equal(8.128902e+06, result.Value("llm_prompt_tokens_total"));
        Assert.Equal(8.128902e+06, result.Value("llm_prefix_cache_queries_total"));
        Assert.Equal(7.400757e+06, result.Value("llm_inter_token_latency_seconds_count"));
        Assert.Contains("sglang:time_per_output_token_seconds", result.DeprecatedNames);
        Assert.False(result.Has("llm_sglang_func_latency_seconds"));
    }

    [Fact]
    public void SglangPd_KeepsRoleAndCounters()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("sglang-0.4.9-pd-excerpts.prom"), null);

        Assert.Equal("unified", result.Sample("llm_requests_running").Labels.Get("role"));
        Assert.Equal(157, result.Value("llm_requests_aborted_total"));
        Assert.Equal(2688, result.Value("llm_prefix_cache_hits_total"));
        Assert.Equal(217, result.Value("llm_requests_finished_total"));
    }

    [Fact]
    public void Sglang_UnderscoreSpellingAndDpAttention_KeepRanks()
    {
        var payload = Payloads.Parse("""
            # TYPE sglang_num_running_reqs gauge
            sglang_num_running_reqs{dp_rank="0",engine_type="unified",model_name="m",pid="101",pp_rank="0",tp_rank="0"} 4
            sglang_num_running_reqs{dp_rank="1",engine_type="unified",model_name="m",pid="102",pp_rank="0",tp_rank="1"} 6
            # TYPE sglang_token_usage gauge
            sglang_token_usage{dp_rank="0",engine_type="unified",model_name="m",pid="101",pp_rank="0",tp_rank="0"} 0.5
            sglang_token_usage{dp_rank="1",engine_type="unified",model_name="m",pid="102",pp_rank="0",tp_rank="1"} 0.9
            """);

        var result = EngineNormalizer.Normalize(payload, null);
        var rank1 = result.Sample("llm_kv_cache_usage_ratio", "dp_rank", "1");

        Assert.Equal(EngineKind.Sglang, result.Engine);
        Assert.Equal(0.9, rank1.Value);
        Assert.Equal("1", rank1.Labels.Get("tp_rank"));
        Assert.Null(rank1.Labels.Get("pid"));
        Assert.Equal(4, result.Value("llm_requests_running", "dp_rank", "0"));
    }

    [Fact]
    public void Tgi_HistogramSums_BecomeTokenCounters()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("tgi-3.x.prom"), null);

        Assert.Equal(662, result.Value("llm_prompt_tokens_total"));
        Assert.Equal(3423, result.Value("llm_generation_tokens_total"));
        Assert.Equal(2, result.Value("llm_requests_failed_total", "reason", "validation"));
        Assert.Equal(111, result.Value("llm_requests_received_total"));
        Assert.Equal(1.246376687, result.Value("llm_prefill_seconds_total"));
        Assert.Equal(16, result.Value("llm_batch_forward_duration_seconds_count", "phase", "prefill"));
    }

    [Fact]
    public void Tgi_DurationBuckets_KeepTheirBounds()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("tgi-3.x.prom"), null);
        var layout = Assert.Single(result.BucketLayouts, l => l.Metric == "llm_e2e_request_latency_seconds");

        Assert.Equal(35, layout.Bounds.Count);
        Assert.Equal(0.00015000000000000001, layout.Bounds[0]);
        Assert.Equal(109, result.Value("llm_e2e_request_latency_seconds_bucket", "le", "+Inf"));
        Assert.Single(result.Family("llm_e2e_request_latency_seconds").Points, p => p.Labels.Get("le") == "0.00015000000000000001");
    }

    [Fact]
    public void Tgi_Ttft_IsMissingNotZero()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("tgi-3.x.prom"), null);
        var missing = Assert.Single(result.Missing, m => m.Name == "llm_time_to_first_token_seconds");

        Assert.Equal(MissingReason.NotProvidedByEngine, missing.Reason);
        Assert.False(result.Has("llm_time_to_first_token_seconds"));
        Assert.Equal(Capability.Missing, CapabilityMatrix.Get(EngineKind.Tgi, "llm_time_to_first_token_seconds"));
    }

    [Fact]
    public void Triton_SelectsBackendValuesByLabel()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("triton-trtllm-readme.prom"), null);
        var kv = result.Sample("llm_kv_cache_usage_ratio");

        Assert.Equal(0.4875, kv.Value);
        Assert.Equal("tensorrt_llm", kv.Labels.Get("model"));
        Assert.Equal("1", kv.Labels.Get("model_version"));
        Assert.Null(kv.Labels.Get("kv_cache_block_type"));
        Assert.Equal(6239, result.Value("llm_kv_cache_capacity_blocks"));
        Assert.Equal(64, result.Value("llm_kv_cache_block_size_tokens"));
        Assert.Equal(1, result.Value("llm_requests_waiting"));
        Assert.Equal(512, result.Value("llm_requests_max"));
        Assert.Equal(1610236, result.Value("llm_engine_memory_bytes", "pool", "gpu"));
        Assert.Equal(0, result.Value("llm_request_compute_seconds_total", "phase", "infer"));

        // The README shows an inflight-batcher block and a V1 block for the same model, so both
        // report total_context_tokens. The first is kept and the clash is reported.
        Assert.Equal(0, result.Value("llm_scheduled_context_tokens"));
        Assert.Contains(result.Problems, p => p.Contains("llm_scheduled_context_tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void Triton_FirstResponseHistogram_IsConvertedToSeconds()
    {
        var payload = Payloads.Parse("""
            # TYPE nv_inference_first_response_histogram_ms histogram
            nv_inference_first_response_histogram_ms_bucket{model="ensemble",version="1",le="100"} 3
            nv_inference_first_response_histogram_ms_bucket{model="ensemble",version="1",le="500"} 5
            nv_inference_first_response_histogram_ms_bucket{model="ensemble",version="1",le="+Inf"} 6
            nv_inference_first_response_histogram_ms_sum{model="ensemble",version="1"} 2500
            nv_inference_first_response_histogram_ms_count{model="ensemble",version="1"} 6
            """);

        var result = EngineNormalizer.Normalize(payload, null);
        var layout = Assert.Single(result.BucketLayouts);

        Assert.Equal(EngineKind.TritonTrtllm, result.Engine);
        Assert.Equal(3, result.Value("llm_time_to_first_token_seconds_bucket", "le", "0.1"));
        Assert.Equal(5, result.Value("llm_time_to_first_token_seconds_bucket", "le", "0.5"));
        Assert.Equal(2.5, result.Value("llm_time_to_first_token_seconds_sum"));
        Assert.Equal(6, result.Value("llm_time_to_first_token_seconds_count"));
        Assert.Equal([0.1, 0.5], layout.Bounds);
    }

    [Fact]
    public void Triton_DurationCounters_AreConvertedFromMicroseconds()
    {
        var payload = Payloads.Parse("""
            # TYPE nv_inference_request_duration_us counter
            nv_inference_request_duration_us{model="m",version="1"} 2500000
            # TYPE nv_inference_request_success counter
            nv_inference_request_success{model="m",version="1"} 10
            """);

        var result = EngineNormalizer.Normalize(payload, null);

        Assert.Equal(2.5, result.Value("llm_request_duration_seconds_total"));
        Assert.Equal(10, result.Value("llm_requests_succeeded_total"));
    }

    [Fact]
    public void Djl_StartupLatency_IsConvertedFromMicroseconds()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("djl-serving-0.27-docs.prom"), null);
        var starts = result.Sample("llm_engine_starts_total");

        Assert.Equal(0.425941, result.Value("llm_engine_startup_duration_seconds"), 12);
        Assert.Equal(1, starts.Value);
        Assert.Equal("0.27.0-SNAPSHOT", starts.Labels.Get("engine_version"));
        Assert.Equal("djl", starts.Labels.Get("engine"));
    }

    [Fact]
    public void LlamaCpp_Counters_MapWithoutKvCache()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("llamacpp-b10380.prom"), null);

        Assert.Equal(25, result.Value("llm_prompt_tokens_total"));
        Assert.Equal(200, result.Value("llm_generation_tokens_total"));
        Assert.Equal(39.8, result.Value("llm_decode_seconds_total"));
        Assert.Equal(224, result.Value("llm_max_observed_tokens"));
        Assert.Equal(MissingReason.NotProvidedByEngine, Assert.Single(result.Missing, m => m.Name == "llm_kv_cache_usage_ratio").Reason);
        Assert.Equal(MissingReason.AbsentFromPayload, Assert.Single(result.Missing, m => m.Name == "llm_requests_waiting").Reason);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void LlamaCpp_DeferredRequests_AreTheWaitingQueue()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("llamacpp-a2df278-commit-excerpt.prom"), null);

        Assert.Equal(0, result.Value("llm_requests_waiting"));
        Assert.Equal(0, result.Value("llm_requests_running"));
    }

    [Fact]
    public void Dcgm_ConvertsUnitsAndRenamesLabels()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("dcgm-exporter-4.x.prom"), null);
        var temperature = result.Sample("llm_gpu_temperature_celsius");

        Assert.Equal(48, temperature.Value);
        Assert.Equal("GPU-a8394b51-c086-568a-9f1a-c1e1c934c44c", temperature.Labels.Get("gpu_uuid"));
        Assert.Equal("NVIDIA RTX 4000 Ada Generation", temperature.Labels.Get("gpu_type"));
        Assert.Equal("gpu-node-1", temperature.Labels.Get("node"));
        Assert.Equal("0", temperature.Labels.Get("gpu"));
        Assert.Equal("580.95.05", temperature.Labels.Get("driver_version"));
        Assert.Null(temperature.Labels.Get("pod_uid"));
        Assert.Null(temperature.Labels.Get("engine"));
        Assert.Equal(40.979, result.Value("llm_gpu_power_watts"));
        Assert.Equal(1048576, result.Value("llm_gpu_memory_used_bytes"));
        Assert.Equal(20015.0 * 1024 * 1024, result.Value("llm_gpu_memory_free_bytes"));
        Assert.Equal(2310e6, result.Value("llm_gpu_sm_clock_hertz"));
        Assert.Equal(455497.156, result.Value("llm_gpu_energy_joules_total"), 9);
        Assert.Equal(0, result.Value("llm_gpu_xid_last_error_code", "xid", "0"));
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void Dcgm_PercentUtilization_BecomesARatio()
    {
        var payload = Payloads.Parse("""
            # TYPE DCGM_FI_DEV_GPU_UTIL gauge
            DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-1",modelName="NVIDIA L4",Hostname="h"} 87
            """);

        var result = EngineNormalizer.Normalize(payload, null);

        Assert.Equal(0.87, result.Value("llm_gpu_utilization_ratio", "gpu", "1"));
    }

    [Fact]
    public void NodeExporter_MapsHostMetrics()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("node-exporter-1.5.prom"), null);

        Assert.Equal(2.4882221056e+10, result.Value("llm_host_memory_available_bytes"));
        Assert.Equal(1100.52, result.Value("llm_host_cpu_seconds_total", "cpu", "0", "mode", "idle"));
        Assert.Equal(0.16, result.Value("llm_host_load1"));
        Assert.Empty(result.Missing);
    }
}

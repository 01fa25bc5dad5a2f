using InferScope.Engines.Catalog;

namespace InferScope.Engines.Tests;

public class VllmNormalizationTests
{
    private static readonly NormalizationResult V0 = EngineNormalizer.Normalize(Payloads.Fixture("vllm-v0-0.5.prom"), null);

    [Fact]
    public void V0_TtftBuckets_KeepTheirCounts()
    {
        var bucket = V0.Sample("llm_time_to_first_token_seconds_bucket", "le", "0.5");
        var below = V0.Sample("llm_time_to_first_token_seconds_bucket", "le", "0.25");

        Assert.Equal(1, bucket.Value);
        Assert.Equal(0, below.Value);
        Assert.Equal("facebook/opt-125m", bucket.Labels.Get("model"));
        Assert.Equal("vllm", bucket.Labels.Get("engine"));
        Assert.Null(bucket.Labels.Get("model_name"));
    }

    [Fact]
    public void V0_TtftSumAndCount_AreCopied()
    {
        Assert.Equal(0.31326723098754883, V0.Value("llm_time_to_first_token_seconds_sum"));
        Assert.Equal(1, V0.Value("llm_time_to_first_token_seconds_count"));
    }

    [Fact]
    public void V0_TtftLayout_RecordsTheShortV0Bounds()
    {
        var layout = Assert.Single(V0.BucketLayouts, l => l.Metric == "llm_time_to_first_token_seconds");

        Assert.Equal(16, layout.Bounds.Count);
        Assert.Equal(0.001, layout.Bounds[0]);
        Assert.Equal(10, layout.Bounds[^1]);
        Assert.Equal(layout.Id, V0.Sample("llm_time_to_first_token_seconds_count").Labels.Get(UnifiedLabels.BucketLayout));
        Assert.StartsWith("b16-", layout.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void V0_OldNames_MapAndAreReportedDeprecated()
    {
        Assert.Equal(0, V0.Value("llm_kv_cache_usage_ratio"));
        Assert.Equal(6, V0.Value("llm_inter_token_latency_seconds_count"));
        Assert.Contains("vllm:gpu_cache_usage_perc", V0.DeprecatedNames);
        Assert.Contains("vllm:time_per_output_token_seconds", V0.DeprecatedNames);
        Assert.Contains("vllm:num_requests_swapped", V0.DeprecatedNames);
        Assert.Contains("vllm:request_params_best_of", V0.DeprecatedNames);
        Assert.DoesNotContain("vllm:prompt_tokens", V0.DeprecatedNames);
    }

    [Fact]
    public void V0_CacheConfigInfo_GivesBlocks()
    {
        var blocks = V0.Sample("llm_kv_cache_capacity_blocks");

        Assert.Equal(7281, blocks.Value);
        Assert.Equal(16, V0.Value("llm_kv_cache_block_size_tokens"));
        Assert.Null(blocks.Labels.Get("cache_dtype"));
        Assert.Equal("vllm", blocks.Labels.Get("engine"));
    }

    [Fact]
    public void V0_FinishedRequests_CarryTheReason()
    {
        Assert.Equal(1, V0.Value("llm_requests_finished_total", "reason", "length"));
        Assert.Equal(5, V0.Value("llm_prompt_tokens_total"));
        Assert.Equal(7, V0.Value("llm_generation_tokens_total"));
    }

    [Fact]
    public void V0_QueueTime_ReportedAsAbsent()
    {
        Assert.DoesNotContain(V0.Missing, m => m.Name == "llm_inter_token_latency_seconds");
        var queue = Assert.Single(V0.Missing, m => m.Name == "llm_request_queue_time_seconds");
        Assert.Equal(MissingReason.AbsentFromPayload, queue.Reason);
        Assert.False(V0.Has("llm_request_queue_time_seconds"));
    }

    [Fact]
    public void V0_ProcessAndPythonFamilies_AreNotMapped()
    {
        Assert.DoesNotContain(V0.Unified.SelectMany(f => f.Points), p => p.Labels.MetricName.Contains("process", StringComparison.Ordinal));
    }

    [Fact]
    public void V1_010_EngineLabel_BecomesDpRank()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("vllm-v1-0.10.0-issue-excerpts.prom"), null);
        var kv = result.Sample("llm_kv_cache_usage_ratio");

        Assert.Equal(9.75010481363281e-06, kv.Value);
        Assert.Equal("0", kv.Labels.Get("dp_rank"));
        Assert.Equal("vllm", kv.Labels.Get("engine"));
        Assert.Equal("zai-org/GLM-4.5", kv.Labels.Get("model"));
    }

    [Fact]
    public void V1_010_DeprecatedNames_ReportedOnce()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("vllm-v1-0.10.0-issue-excerpts.prom"), null);

        Assert.Contains("vllm:gpu_prefix_cache_hits", result.DeprecatedNames);
        Assert.Contains("vllm:gpu_prefix_cache_queries", result.DeprecatedNames);
        Assert.Equal(result.DeprecatedNames.Count, result.DeprecatedNames.Distinct().Count());
        Assert.Equal(32, result.Value("llm_prefix_cache_queries_total"));

        // The excerpt has the old hits counter but not the new one, so the old one is used.
        Assert.Equal(0, result.Value("llm_prefix_cache_hits_total"));
    }

    [Fact]
    public void V1_010_CreatedGauges_AreNotMapped()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("vllm-v1-0.10.0-issue-excerpts.prom"), null);

        Assert.DoesNotContain(result.Unified.SelectMany(f => f.Points), p => p.Labels.MetricName.EndsWith("_created", StringComparison.Ordinal));
        Assert.Equal(4, result.Value("llm_request_params_n_count"));
    }

    [Fact]
    public void V1_08_TruncatedHistogram_IsReportedAsAProblem()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("vllm-v1-0.8-docs-excerpts.prom"), null);

        Assert.Equal(140, result.Value("llm_time_to_first_token_seconds_bucket", "le", "0.1"));
        Assert.Contains(result.Problems, p => p.Contains("vllm:time_to_first_token_seconds", StringComparison.Ordinal) && p.Contains("+Inf", StringComparison.Ordinal));
        Assert.Equal(131, result.Value("llm_requests_finished_total", "reason", "length"));
        Assert.Equal(8, result.Value("llm_requests_running"));
    }

    [Fact]
    public void V1_028_Excerpt_WithoutTypeLines_StillMaps()
    {
        var result = EngineNormalizer.Normalize(Payloads.Fixture("vllm-v1-0.28-excerpt.prom"), null);

        Assert.Equal(0, result.Value("llm_requests_waiting_by_reason", "reason", "capacity"));
        Assert.Equal(4.40416e+07, result.Value("llm_prefix_cache_hits_total"));
        Assert.Equal(6.4929219e+07, result.Value("llm_prefix_cache_queries_total"));
        Assert.Equal("qwen3.8-27b-local", result.Sample("llm_preemptions_total").Labels.Get("model"));
        Assert.Empty(result.DeprecatedNames);
    }

    [Fact]
    public void DataParallelRanks_StaySeparateSeries()
    {
        var payload = Payloads.Parse("""
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{engine="0",model_name="m"} 3.0
            vllm:num_requests_running{engine="1",model_name="m"} 5.0
            # TYPE vllm:kv_cache_usage_perc gauge
            vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.25
            vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.75
            # TYPE vllm:gpu_cache_usage_perc gauge
            vllm:gpu_cache_usage_perc{engine="0",model_name="m"} 0.25
            vllm:gpu_cache_usage_perc{engine="1",model_name="m"} 0.75
            """);

        var result = EngineNormalizer.Normalize(payload, null);

        Assert.Equal(3, result.Value("llm_requests_running", "dp_rank", "0"));
        Assert.Equal(5, result.Value("llm_requests_running", "dp_rank", "1"));
        Assert.Equal(2, result.Family("llm_kv_cache_usage_ratio").Points.Count);
        Assert.Equal(0.75, result.Value("llm_kv_cache_usage_ratio", "dp_rank", "1"));
        Assert.Equal(["vllm:gpu_cache_usage_perc"], result.DeprecatedNames);
    }

    [Fact]
    public void MultiprocessOrder_GroupsBySeries()
    {
        var payload = Payloads.Parse("""
            # TYPE vllm:time_to_first_token_seconds histogram
            vllm:time_to_first_token_seconds_sum{engine="1",model_name="m"} 3.0
            vllm:time_to_first_token_seconds_sum{engine="0",model_name="m"} 1.5
            vllm:time_to_first_token_seconds_bucket{engine="0",le="1.0",model_name="m"} 2.0
            vllm:time_to_first_token_seconds_bucket{engine="1",le="1.0",model_name="m"} 1.0
            vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="m"} 3.0
            vllm:time_to_first_token_seconds_bucket{engine="1",le="+Inf",model_name="m"} 4.0
            vllm:time_to_first_token_seconds_count{engine="0",model_name="m"} 3.0
            vllm:time_to_first_token_seconds_count{engine="1",model_name="m"} 4.0
            """);

        var result = EngineNormalizer.Normalize(payload, null);

        Assert.Equal(2, result.Value("llm_time_to_first_token_seconds_bucket", "dp_rank", "0", "le", "1"));
        Assert.Equal(4, result.Value("llm_time_to_first_token_seconds_bucket", "dp_rank", "1", "le", "+Inf"));
        Assert.Equal(3, result.Value("llm_time_to_first_token_seconds_sum", "dp_rank", "1"));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void V0AndV1TtftLayouts_HaveDifferentIds()
    {
        var v1Payload = Payloads.Parse("""
            # TYPE vllm:time_to_first_token_seconds histogram
            vllm:time_to_first_token_seconds_bucket{le="0.001",model_name="m"} 0
            vllm:time_to_first_token_seconds_bucket{le="10.0",model_name="m"} 1
            vllm:time_to_first_token_seconds_bucket{le="2560.0",model_name="m"} 1
            vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="m"} 1
            vllm:time_to_first_token_seconds_count{model_name="m"} 1
            vllm:time_to_first_token_seconds_sum{model_name="m"} 0.5
            """);

        var v1 = Assert.Single(EngineNormalizer.Normalize(v1Payload, null).BucketLayouts);
        var v0 = Assert.Single(V0.BucketLayouts, l => l.Metric == v1.Metric);

        Assert.NotEqual(v0.Id, v1.Id);
        Assert.False(v0.SameBounds(v1));
    }
}

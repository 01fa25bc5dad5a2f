using InferScope.Simulation.Hardware;
using InferScope.Simulation.Performance;

namespace InferScope.Simulation.Tests;

/// <summary>
/// Checks the performance model against published measurements; docs/simulation.md states each
/// range and its source.
/// </summary>
public sealed class CalibrationTests
{
    private static BenchmarkResult Run(GpuProfile gpu, int concurrency) =>
        ClosedLoopBenchmark.Run(
            new PerformanceModel(ModelCatalog.Llama31_8B, gpu, 1, EngineTuning.Vllm, 0.9),
            concurrency,
            promptTokens: 1024,
            outputTokens: 128,
            totalRequests: concurrency * 20);

    [Fact]
    public void A100_SingleStreamDecode_MatchesPublishedSweep()
    {
        var result = Run(GpuCatalog.A100Sxm40, 1);
        var decodeTokensPerSecond = 1 / result.MeanInterTokenLatencySeconds;

        // Published: about 75 tokens/s at one concurrent request (vLLM, A100 40GB, Llama 3.1 8B bf16).
        Assert.InRange(decodeTokensPerSecond, 68, 82);
    }

    [Fact]
    public void A100_Concurrency8_GainsAboutSixfold()
    {
        var single = Run(GpuCatalog.A100Sxm40, 1);
        var eight = Run(GpuCatalog.A100Sxm40, 8);
        var gain = eight.OutputTokensPerSecond / single.OutputTokensPerSecond;

        // Published: 6.6x more throughput at concurrency 8 than at 1.
        Assert.InRange(gain, 5.6, 7.6);
    }

    [Fact]
    public void L4_Llama8B_SingleStream_WithinRange()
    {
        var result = Run(GpuCatalog.L4, 1);
        var decodeTokensPerSecond = 1 / result.MeanInterTokenLatencySeconds;

        // Decode reads every weight once per token, so the published single-L4 TGI rate of Qwen2 7B
        // (16.3 tokens/s, 15.24 GB of weights) scales to 16.3 × 15.24 / 16.06 = 15.5 tokens/s for
        // Llama 3.1 8B. The range is ±10 % around it.
        // NOTE: no published single-L4 Llama 3.1 8B rate was opened, so this range is scaled, not measured.
        Assert.InRange(decodeTokensPerSecond, 13.9, 17.0);
    }

    [Fact]
    public void L4_Llama8B_Concurrency8_WithinRange()
    {
        var single = Run(GpuCatalog.L4, 1);
        var eight = Run(GpuCatalog.L4, 8);

        // Decode stays memory-bound at 8 streams, so the gain is close to the A100's published 6.6x.
        // It stays below the ideal 8x because each 1,024-token prefill costs the L4 about 0.2 s.
        var gain = eight.OutputTokensPerSecond / single.OutputTokensPerSecond;
        Assert.InRange(gain, 5.6, 7.6);
        Assert.Equal(0, eight.Preemptions);
    }

    /// <summary>
    /// Single-request decode rates that TGI 2.2.0 reached on AWS G6 (L4) and G5 (A10G) instances
    /// with unquantized Llama 3.1 8B and Qwen2 7B (the same shape as Qwen2.5 7B), sharded over
    /// every GPU of the instance. Each must land within ±10 % of the published figure.
    /// </summary>
    [Theory]
    [InlineData("L4", 1, "qwen-2.5-7b", 16.3)]
    [InlineData("L4", 4, "qwen-2.5-7b", 54.2)]
    [InlineData("L4", 4, "llama-3.1-8b", 51.0)]
    [InlineData("A10G", 1, "llama-3.1-8b", 29.0)]
    [InlineData("A10G", 1, "qwen-2.5-7b", 30.0)]
    public void TgiDecode_MatchesPublishedRates(string gpu, int tensorParallel, string model, double publishedTokensPerSecond)
    {
        var performance = new PerformanceModel(
            ModelCatalog.Get(model), GpuCatalog.Get(gpu), tensorParallel, EngineTuning.Tgi, 0.9);

        // The source states no prompt or output length. At a few hundred tokens the KV cache adds
        // under 1 % to the bytes each decode step reads, so the lengths barely move the rate.
        var result = ClosedLoopBenchmark.Run(performance, 1, promptTokens: 256, outputTokens: 256, totalRequests: 5);
        var decodeTokensPerSecond = 1 / result.MeanInterTokenLatencySeconds;

        Assert.InRange(decodeTokensPerSecond, publishedTokensPerSecond * 0.9, publishedTokensPerSecond * 1.1);
    }

    [Fact]
    public void H100OverA100_DecodeRatio_NearBandwidthRatio()
    {
        var a100 = Run(GpuCatalog.A100Sxm40, 4);
        var h100 = Run(GpuCatalog.H100Sxm, 4);
        var ratio = a100.MeanInterTokenLatencySeconds / h100.MeanInterTokenLatencySeconds;
        var bandwidthRatio = GpuCatalog.H100Sxm.MemoryBandwidthBytesPerSecond
            / GpuCatalog.A100Sxm40.MemoryBandwidthBytesPerSecond;

        Assert.InRange(ratio, bandwidthRatio * 0.85, bandwidthRatio * 1.05);
    }

    [Fact]
    public void L4_KvBlockCount_FollowsFormula()
    {
        var model = new PerformanceModel(ModelCatalog.Llama31_8B, GpuCatalog.L4, 1, EngineTuning.Vllm, 0.9);

        // 24 GiB × 0.9 − 16.06 GB of weights − 1.5 GiB reserve = 5.52 GB = 2633 blocks; 128 KiB per token; 16 tokens per block.
        Assert.Equal(131072, model.KvBytesPerTokenPerGpu);
        Assert.Equal(2633, model.KvBlockCount(16));
    }

    [Fact]
    public void Llama70B_OnOneL4_RaisesClearError()
    {
        var model = new PerformanceModel(ModelCatalog.Llama31_70B, GpuCatalog.L4, 1, EngineTuning.Vllm, 0.9);

        var error = Assert.Throws<InvalidOperationException>(() => model.KvBlockCount(16));
        Assert.Contains("tensor_parallel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Llama70B_TensorParallel8_OnP4d_Fits()
    {
        var model = new PerformanceModel(ModelCatalog.Llama31_70B, GpuCatalog.A100Sxm40, 8, EngineTuning.Vllm, 0.9);

        Assert.True(model.KvBlockCount(16) > 10_000);
    }
}

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

        // 70 to 85 percent of the L4 bandwidth roofline (300 GB/s / 16.06 GB of weights = 18.7 tokens/s).
        // NOTE: derived from the A100 sweep's efficiency, because no published L4 measurement is cited.
        Assert.InRange(decodeTokensPerSecond, 13.1, 15.9);
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

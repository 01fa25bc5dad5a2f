using InferScope.Simulation.Hardware;

namespace InferScope.Simulation.Performance;

/// <summary>
/// A roofline model of one engine rank: a model split over <c>tensorParallel</c> GPUs of one
/// type. Prefill is bound by compute and decode by memory bandwidth, each scaled by the engine's
/// efficiency factors; docs/simulation.md gives the formulas.
/// </summary>
public sealed class PerformanceModel
{
    /// <summary>Efficiency of tensor parallelism across GPUs (all-reduce cost), an estimate.</summary>
    /// <remarks>
    /// NOTE: a fixed factor ignores the all-reduce latency of every step. At tensor_parallel 8 over
    /// PCIe, published TGI rates for Llama 3.1 8B are 11 % (8 × L4) and 34 % (8 × A10G) below this model's.
    /// </remarks>
    private const double TensorParallelEfficiency = 0.9;

    public PerformanceModel(
        ModelProfile model,
        GpuProfile gpu,
        int tensorParallel,
        EngineTuning tuning,
        double memoryUtilization,
        int kvBytesPerElement = 2)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(tuning);
        if (tensorParallel < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tensorParallel), tensorParallel, "Tensor parallelism must be at least 1.");
        }

        if (memoryUtilization is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(memoryUtilization), memoryUtilization, "GPU memory utilization must be in (0, 1].");
        }

        Model = model;
        Gpu = gpu;
        TensorParallel = tensorParallel;
        Tuning = tuning;
        MemoryUtilization = memoryUtilization;
        KvBytesPerElement = kvBytesPerElement;
    }

    public ModelProfile Model { get; }

    public GpuProfile Gpu { get; }

    public int TensorParallel { get; }

    public EngineTuning Tuning { get; }

    public double MemoryUtilization { get; }

    public int KvBytesPerElement { get; }

    public double WeightBytesPerGpu => Model.WeightBytes / TensorParallel;

    /// <summary>
    /// KV bytes per token on one GPU. KV heads are split over the tensor-parallel ranks, and each
    /// rank keeps at least one head, so heads are replicated when there are fewer heads than ranks.
    /// </summary>
    public double KvBytesPerTokenPerGpu
    {
        get
        {
            var headsPerGpu = Math.Max(1.0, (double)Model.KvHeads / TensorParallel);
            return 2.0 * Model.Layers * headsPerGpu * Model.HeadSize * KvBytesPerElement;
        }
    }

    /// <summary>Bytes each GPU gives to the KV cache: memory × utilization − weights − reserve.</summary>
    public double KvCacheBytesPerGpu =>
        (Gpu.MemoryBytes * MemoryUtilization) - WeightBytesPerGpu - EngineTuning.ReservedBytesPerGpu;

    /// <summary>Returns the number of KV blocks of <paramref name="blockSize"/> tokens the cache holds.</summary>
    /// <exception cref="InvalidOperationException">The weights leave no room for a KV cache.</exception>
    public int KvBlockCount(int blockSize)
    {
        var blocks = Math.Floor(KvCacheBytesPerGpu / (KvBytesPerTokenPerGpu * blockSize));
        if (blocks < 1)
        {
            throw new InvalidOperationException(
                $"{Model.Name} ({Model.WeightBytes / 1e9:F1} GB of weights) leaves no KV cache on {TensorParallel} × {Gpu.Name} "
                + $"at memory utilization {MemoryUtilization}. Raise tensor_parallel or gpu_memory_utilization, or pick a larger GPU.");
        }

        return (int)Math.Min(blocks, int.MaxValue);
    }

    /// <summary>Computes the time of one step.</summary>
    /// <param name="prefillTokens">Prompt tokens computed in the step.</param>
    /// <param name="prefillAttendedTokens">Sum over those tokens of the positions each one attends to.</param>
    /// <param name="prefillContextTokens">Cached tokens the prefill chunks read back from the KV cache.</param>
    /// <param name="sequences">Requests in the step, prefill and decode.</param>
    /// <param name="decodeSequences">Requests that decode one token in the step.</param>
    /// <param name="decodeContextTokens">Sum of the decoding requests' context lengths.</param>
    /// <param name="clockFactor">SM clock as a fraction of the boost clock (1 unless throttled).</param>
    public StepTiming StepTime(
        long prefillTokens,
        double prefillAttendedTokens,
        long prefillContextTokens,
        int sequences,
        int decodeSequences,
        long decodeContextTokens,
        double clockFactor = 1.0)
    {
        var parallel = TensorParallel == 1 ? 1.0 : TensorParallel * TensorParallelEfficiency;

        var tokens = prefillTokens + decodeSequences;
        var linearFlops = 2.0 * Model.Parameters * tokens;
        var attentionFlops = 4.0 * Model.Layers * Model.HiddenSize * (prefillAttendedTokens + decodeContextTokens);
        var computeRate = Gpu.Bf16DenseFlops * Tuning.ComputeEfficiency * parallel * clockFactor;
        var computeSeconds = (linearFlops + attentionFlops) / computeRate;

        // Every step streams all weights once; decode also reads each request's whole KV cache.
        var kvBytes = Model.KvBytesPerToken(KvBytesPerElement) * (decodeContextTokens + prefillContextTokens);
        var memoryClock = 0.5 + (0.5 * clockFactor);
        var bandwidth = Gpu.MemoryBandwidthBytesPerSecond * Tuning.BandwidthEfficiency * parallel * memoryClock;
        var memorySeconds = (Model.WeightBytes + kvBytes) / bandwidth;

        var overhead = Tuning.StepOverheadSeconds + (Tuning.PerSequenceOverheadSeconds * sequences);
        return new StepTiming(Math.Max(computeSeconds, memorySeconds) + overhead, computeSeconds, memorySeconds);
    }
}

using InferScope.Engines;

namespace InferScope.Simulation.Performance;

/// <summary>
/// How one engine turns hardware into throughput: scheduler defaults and the efficiency factors
/// the performance model applies to peak FLOP/s and bandwidth. The factors are estimates,
/// calibrated against published measurements as docs/simulation.md describes.
/// </summary>
/// <param name="Engine">The engine these figures describe.</param>
/// <param name="Version">The engine version the simulated exposition imitates.</param>
/// <param name="BlockSize">Tokens per KV-cache block (page).</param>
/// <param name="MaxNumSeqs">Default cap on requests in the running batch.</param>
/// <param name="MaxBatchedTokens">Default token budget of one scheduler step (the chunked-prefill size).</param>
/// <param name="ChunkedPrefill">Whether a long prompt is split over several steps.</param>
/// <param name="PrefixCaching">Whether repeated prompt prefixes are served from the cache.</param>
/// <param name="ComputeEfficiency">Fraction of peak dense FLOP/s reached on prefill (model FLOPs utilization).</param>
/// <param name="BandwidthEfficiency">Fraction of peak memory bandwidth reached on decode.</param>
/// <param name="StepOverheadSeconds">Fixed time per scheduler step (scheduling, kernel launches).</param>
/// <param name="PerSequenceOverheadSeconds">Extra time per request in a step (sampling, bookkeeping).</param>
/// <param name="FrontendSecondsPerRequest">Time outside the engine core per request (tokenization, detokenization, HTTP).</param>
public sealed record EngineTuning(
    EngineKind Engine,
    string Version,
    int BlockSize,
    int MaxNumSeqs,
    int MaxBatchedTokens,
    bool ChunkedPrefill,
    bool PrefixCaching,
    double ComputeEfficiency,
    double BandwidthEfficiency,
    double StepOverheadSeconds,
    double PerSequenceOverheadSeconds,
    double FrontendSecondsPerRequest)
{
    /// <summary>GPU memory kept back from the KV cache for activations and CUDA graphs, in bytes (an estimate).</summary>
    public const double ReservedBytesPerGpu = 1.5 * 1024 * 1024 * 1024;

    public static EngineTuning Vllm { get; } =
        new(EngineKind.Vllm, "0.10.0", 16, 256, 2048, true, true, 0.70, 0.85, 0.0010, 0.0001, 0.002);

    public static EngineTuning Sglang { get; } =
        new(EngineKind.Sglang, "0.4.1", 1, 256, 2048, true, true, 0.72, 0.87, 0.0008, 0.00008, 0.0015);

    public static EngineTuning Tgi { get; } =
        new(EngineKind.Tgi, "3.0.1", 16, 256, 4096, true, true, 0.65, 0.80, 0.0015, 0.00015, 0.0005);

    /// <summary>DJL Serving (LMI) running vLLM as its rolling-batch backend, with DJL's own request handling around it.</summary>
    public static EngineTuning Djl { get; } =
        new(EngineKind.Djl, "0.27.0", 16, 256, 2048, true, true, 0.70, 0.85, 0.0010, 0.0001, 0.004);

    /// <summary>Returns the tuning of an engine.</summary>
    /// <exception cref="ArgumentException">The engine is not simulated.</exception>
    public static EngineTuning For(EngineKind engine) => engine switch
    {
        EngineKind.Vllm => Vllm,
        EngineKind.Sglang => Sglang,
        EngineKind.Tgi => Tgi,
        EngineKind.Djl => Djl,
        _ => throw new ArgumentException(
            $"Engine {engine} is not simulated. Use vllm, sglang, tgi or djl.", nameof(engine)),
    };
}

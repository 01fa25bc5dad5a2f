using InferScope.Engines;
using InferScope.Simulation.Hardware;
using InferScope.Simulation.Metrics;
using InferScope.Simulation.Performance;

namespace InferScope.Simulation.Engine;

/// <summary>
/// One simulated engine process: its data-parallel ranks (each a scheduler over
/// <c>tensorParallel</c> GPUs) and the metrics of the engine it imitates.
/// </summary>
public sealed class SimulatedEngine
{
    public SimulatedEngine(EngineKind kind, ModelProfile model, GpuProfile gpu, SimulatedEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(options);
        if (options.DataParallel < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DataParallel, "data_parallel must be at least 1.");
        }

        Kind = kind;
        Tuning = EngineTuning.For(kind);
        var maxTotal = Math.Min(options.TgiMaxTotalTokens, model.MaxModelLength);
        var descriptor = new EngineDescriptor(
            model.ServedName, model, Tuning, options.MemoryUtilization, options.StartUnixSeconds, options.HostName,
            Math.Min(options.TgiMaxInputTokens, maxTotal - 1), maxTotal);
        Metrics = kind switch
        {
            EngineKind.Vllm => new VllmMetrics(descriptor),
            EngineKind.Sglang => new SglangMetrics(descriptor),
            EngineKind.Tgi => new TgiMetrics(descriptor),
            EngineKind.Djl => new DjlMetrics(descriptor),
            _ => throw new ArgumentException($"Engine {kind} is not simulated. Use vllm, sglang, tgi or djl.", nameof(kind)),
        };

        var ranks = new EngineScheduler[options.DataParallel];
        for (var rank = 0; rank < ranks.Length; rank++)
        {
            var performance = new PerformanceModel(model, gpu, options.TensorParallel, Tuning, options.MemoryUtilization);
            ranks[rank] = new EngineScheduler(
                rank, performance, Metrics, options.MaxNumSeqs ?? Tuning.MaxNumSeqs,
                options.MaxBatchedTokens ?? Tuning.MaxBatchedTokens, options.StartTime);
        }

        Ranks = ranks;
        Metrics.Ranks = ranks;
        Model = model;
    }

    public EngineKind Kind { get; }

    public EngineTuning Tuning { get; }

    public ModelProfile Model { get; }

    public EngineMetrics Metrics { get; }

    public IReadOnlyList<EngineScheduler> Ranks { get; }

    /// <summary>Requests held by all ranks: running, waiting and not yet arrived.</summary>
    public int Load => Ranks.Sum(r => r.RunningCount + r.WaitingCount + r.PendingCount);

    /// <summary>Hands a request to the least-loaded rank (the lowest rank on ties).</summary>
    public void Submit(SimRequest request)
    {
        var best = Ranks[0];
        var bestLoad = int.MaxValue;
        foreach (var rank in Ranks)
        {
            var load = rank.RunningCount + rank.WaitingCount + rank.PendingCount;
            if (load < bestLoad)
            {
                best = rank;
                bestLoad = load;
            }
        }

        best.Submit(request);
    }

    public void RunUntil(double time)
    {
        foreach (var rank in Ranks)
        {
            rank.RunUntil(time);
        }
    }

    public void AbortAll(double time)
    {
        foreach (var rank in Ranks)
        {
            rank.AbortAll(time);
        }
    }

    public string RenderMetrics(double now) => Metrics.Render(now);
}

using InferScope.Engines;
using InferScope.Simulation.Engine;
using InferScope.Simulation.Metrics;
using InferScope.Simulation.Performance;
using InferScope.Simulation.Scenarios;

namespace InferScope.Simulation.Fleet;

/// <summary>
/// One copy of an inference component on an instance: an engine process on some of the
/// instance's GPUs, with its deployment lifecycle. A restart builds a new engine, so its
/// counters reset as a real process's do.
/// </summary>
public sealed class SimReplica
{
    private readonly EndpointDefinition endpoint;

    internal SimReplica(
        EndpointDefinition endpoint, string component, int copy, SimInstance instance, EngineKind engine,
        ModelProfile model, int[] gpuIndices, int port)
    {
        this.endpoint = endpoint;
        Component = component;
        Copy = copy;
        Instance = instance;
        EngineKind = engine;
        Model = model;
        GpuIndices = gpuIndices;
        Port = port;
        Name = $"{endpoint.Name}-{component}-{copy}";
    }

    public string Name { get; }

    public string EndpointName => endpoint.Name;

    public int TensorParallel => endpoint.TensorParallel;

    public int DataParallel => endpoint.DataParallel;

    public string Component { get; }

    public int Copy { get; }

    public SimInstance Instance { get; }

    public EngineKind EngineKind { get; }

    public string EngineVersion => EngineTuning.For(EngineKind).Version;

    public ModelProfile Model { get; }

    /// <summary>The instance GPUs this replica uses, tensor-parallel groups one after another per data-parallel rank.</summary>
    public int[] GpuIndices { get; }

    /// <summary>The port the engine would listen on in a real deployment; part of its <c>instance</c> label in virtual time.</summary>
    public int Port { get; }

    public SimulatedEngine? Engine { get; private set; }

    public DeploymentLifecycle Lifecycle { get; } = new();

    /// <summary>The throughput the same engine reaches in a closed-loop benchmark on this hardware, in output tokens/s.</summary>
    public double BenchmarkOutputTokensPerSecond { get; internal set; }

    internal StartupTimes PlannedStartup { get; set; } = new(0, 0, 0, 0);

    /// <summary>Stops the engine process, aborting what it holds.</summary>
    internal void StopEngine(double now)
    {
        Engine?.AbortAll(now);
        Engine = null;
    }

    /// <summary>Builds a fresh engine process that starts at virtual time <paramref name="now"/>.</summary>
    internal void CreateEngine(double now, double startUnixSeconds)
    {
        var options = new SimulatedEngineOptions
        {
            TensorParallel = endpoint.TensorParallel,
            DataParallel = endpoint.DataParallel,
            MemoryUtilization = endpoint.GpuMemoryUtilization,
            MaxNumSeqs = endpoint.MaxNumSeqs,
            MaxBatchedTokens = endpoint.MaxNumBatchedTokens,
            StartUnixSeconds = startUnixSeconds + now,
            StartTime = now,
            HostName = Instance.HostName,
        };
        Engine = new SimulatedEngine(EngineKind, Model, Instance.Type.Gpu, options);
        if (Engine.Metrics is DjlMetrics djl)
        {
            djl.Startup = Lifecycle.LastStartup ?? PlannedStartup;
        }
    }
}

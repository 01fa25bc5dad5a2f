using InferScope.Engines;
using InferScope.Model;
using InferScope.Simulation.Engine;
using InferScope.Simulation.Hardware;
using InferScope.Simulation.Metrics;
using InferScope.Simulation.Performance;
using InferScope.Simulation.Scenarios;
using InferScope.Simulation.Traffic;

namespace InferScope.Simulation.Fleet;

/// <summary>
/// A scenario's fleet running in virtual time: endpoints, instances, engine replicas, traffic,
/// routers, deployment lifecycles and faults. Time advances in one-second ticks: at each tick
/// the engines run up to it, faults and lifecycles change state, and the next second's arrivals
/// are generated and routed. Given the scenario, its seed and the start time, every run is the
/// same. Not thread-safe: callers hold <see cref="SyncRoot"/>.
/// </summary>
public sealed partial class SimulatedFleet
{
    private const double TickSeconds = 1;

    private readonly List<SimEndpoint> endpoints = [];
    private readonly List<SimInstance> instances = [];
    private readonly List<SimReplica> replicas = [];
    private readonly List<ScrapeTarget> targets = [];
    private readonly List<ActiveFault> faults = [];
    private readonly PriorityQueue<Action<double>, (double Time, long Order)> scheduled = new();
    private long scheduledOrder;
    private long nextRequestId = 1;
    private double nextTick;

    private SimulatedFleet(ScenarioDefinition scenario, double startUnixSeconds)
    {
        Scenario = scenario;
        StartUnixSeconds = startUnixSeconds;
    }

    public ScenarioDefinition Scenario { get; }

    /// <summary>Wall-clock time of virtual time zero, in Unix seconds.</summary>
    public double StartUnixSeconds { get; }

    /// <summary>Virtual time the fleet has reached, in seconds.</summary>
    public double Now { get; private set; }

    /// <summary>The lock that serializes every use of the fleet.</summary>
    public object SyncRoot { get; } = new();

    public IReadOnlyList<SimEndpoint> Endpoints => endpoints;

    public IReadOnlyList<SimInstance> Instances => instances;

    public IReadOnlyList<SimReplica> Replicas => replicas;

    /// <summary>Every simulated metrics endpoint: engines, DCGM and node exporters, and the control plane.</summary>
    public IReadOnlyList<ScrapeTarget> Targets => targets;

    /// <summary>Builds the fleet of a validated scenario.</summary>
    /// <exception cref="ScenarioException">The scenario is invalid.</exception>
    public static SimulatedFleet Create(ScenarioDefinition scenario, double startUnixSeconds, FleetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ScenarioValidator.Validate(scenario);
        var fleet = new SimulatedFleet(scenario, startUnixSeconds);
        foreach (var definition in scenario.Endpoints)
        {
            fleet.AddEndpoint(definition, options?.InstancesPerEndpoint ?? definition.InstanceCount);
        }

        foreach (var traffic in scenario.Traffic)
        {
            var endpoint = fleet.endpoints.First(e => e.Name == traffic.Endpoint);
            endpoint.Traffic = new TrafficSource(traffic, scenario.Seed, startUnixSeconds);
            foreach (var replica in endpoint.Replicas)
            {
                replica.BenchmarkOutputTokensPerSecond = Benchmark(replica, traffic);
            }
        }

        foreach (var fault in scenario.Faults)
        {
            var start = DurationText.ParseSeconds(fault.At);
            var end = string.IsNullOrEmpty(fault.Duration) ? double.PositiveInfinity : start + DurationText.ParseSeconds(fault.Duration);
            fleet.faults.Add(new ActiveFault(fault, start, end));
        }

        fleet.targets.Add(new ScrapeTarget(
            "inferscope-simulator",
            "control-plane:9090",
            EngineKind.Unknown,
            "/metrics",
            Labels.FromPairs("job", "inferscope-simulator", "instance", "control-plane:9090", "region", scenario.Region),
            _ => new ScrapeResponse(200, ControlPlaneMetrics.Render(fleet))));
        return fleet;
    }

    /// <summary>Runs the fleet up to virtual time <paramref name="time"/> (seconds); earlier times are ignored.</summary>
    public void AdvanceTo(double time)
    {
        while (nextTick <= time)
        {
            RunEngines(nextTick);
            UpdateGpus(nextTick);
            ApplyFaults(nextTick);
            while (scheduled.TryPeek(out var action, out var key) && key.Time <= nextTick)
            {
                scheduled.Dequeue();
                action(nextTick);
            }

            AdvanceLifecycles(nextTick);
            GenerateTraffic(nextTick);
            nextTick += TickSeconds;
        }

        if (time > Now)
        {
            RunEngines(time);
            Now = time;
        }
    }

    /// <summary>
    /// Submits a request from an HTTP client straight to a replica at the current virtual time;
    /// returns null when the replica is not serving.
    /// </summary>
    public SimRequest? SubmitExternal(SimReplica replica, int promptTokens, int outputTokens, int maxTokens, bool chat, IRequestListener listener)
    {
        ArgumentNullException.ThrowIfNull(replica);
        if (!replica.Lifecycle.IsServing || replica.Engine is null || replica.Instance.IsDown)
        {
            return null;
        }

        var request = new SimRequest(nextRequestId++, Now, promptTokens, outputTokens, maxTokens)
        {
            FrontendSeconds = replica.Engine.Tuning.FrontendSecondsPerRequest,
            IsChat = chat,
            Listener = listener,
        };
        replica.Engine.Submit(request);
        return request;
    }

    private void RunEngines(double time)
    {
        foreach (var replica in replicas)
        {
            if (replica.Engine is not null && replica.Lifecycle.IsProcessUp)
            {
                replica.Engine.RunUntil(time);
            }
        }
    }

    private double lastGpuUpdate;

    private void UpdateGpus(double time)
    {
        var seconds = time - lastGpuUpdate;
        lastGpuUpdate = time;
        if (seconds <= 0)
        {
            return;
        }

        var activity = new Dictionary<SimGpu, (double Busy, double Compute, double Memory)>();
        foreach (var replica in replicas)
        {
            var engine = replica.Engine;
            if (engine is null)
            {
                continue;
            }

            var tensorParallel = replica.GpuIndices.Length / engine.Ranks.Count;
            for (var rank = 0; rank < engine.Ranks.Count; rank++)
            {
                var scheduler = engine.Ranks[rank];
                var used = scheduler.TakeUtilization();
                var clock = 1.0;
                for (var i = 0; i < tensorParallel; i++)
                {
                    var gpu = replica.Instance.Gpus[replica.GpuIndices[(rank * tensorParallel) + i]];
                    activity[gpu] = used;
                    clock = Math.Min(clock, gpu.ClockFactor);
                    gpu.MemoryUsedBytes = replica.Lifecycle.IsProcessUp
                        ? scheduler.Performance.WeightBytesPerGpu + scheduler.Performance.KvCacheBytesPerGpu
                        : 0;
                }

                scheduler.ClockFactor = clock;
            }
        }

        foreach (var instance in instances)
        {
            foreach (var gpu in instance.Gpus)
            {
                var (busy, compute, memory) = activity.GetValueOrDefault(gpu);
                gpu.Update(seconds, busy, compute, memory);
            }
        }
    }

    private void AdvanceLifecycles(double time)
    {
        foreach (var replica in replicas)
        {
            replica.Lifecycle.Advance(time);
            if (replica.Lifecycle.IsProcessUp && replica.Engine is null)
            {
                replica.CreateEngine(time, StartUnixSeconds);
            }
        }
    }

    private void GenerateTraffic(double time)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Traffic is null)
            {
                continue;
            }

            foreach (var arrival in endpoint.Traffic.Generate(time, TickSeconds))
            {
                var replica = endpoint.Route(out var overhead);
                if (replica?.Engine is not { } engine)
                {
                    continue;
                }

                engine.Submit(new SimRequest(nextRequestId++, arrival.Time + overhead, arrival.PromptTokens, arrival.OutputTokens, arrival.MaxTokens)
                {
                    PrefixId = arrival.PrefixId,
                    PrefixTokens = arrival.PrefixTokens,
                    RouterOverheadSeconds = overhead,
                    FrontendSeconds = engine.Tuning.FrontendSecondsPerRequest,
                    IsChat = true,
                });
                replica.Instance.NetworkBytes += (arrival.PromptTokens + arrival.OutputTokens) * 4.0;
            }
        }
    }

    private void Schedule(double time, Action<double> action) => scheduled.Enqueue(action, (time, scheduledOrder++));

    private static double Benchmark(SimReplica replica, TrafficDefinition traffic)
    {
        var tuning = EngineTuning.For(replica.EngineKind);
        var performance = new PerformanceModel(replica.Model, replica.Instance.Type.Gpu, replica.TensorParallel, tuning, 0.9);
        var prompt = (int)Math.Clamp(traffic.PromptTokens.Mean, 1, traffic.PromptTokens.Max);
        var output = (int)Math.Clamp(traffic.OutputTokens.Mean, 1, traffic.MaxTokens);
        var concurrency = 64;
        var result = ClosedLoopBenchmark.Run(performance, concurrency, prompt, output, concurrency * 3);
        return result.OutputTokensPerSecond * replica.DataParallel;
    }
}

using System.Globalization;
using InferScope.Engines;
using InferScope.Model;
using InferScope.Simulation.Hardware;
using InferScope.Simulation.Metrics;
using InferScope.Simulation.Performance;
using InferScope.Simulation.Scenarios;
using InferScope.Simulation.Traffic;

namespace InferScope.Simulation.Fleet;

/// <summary>Building the fleet from a scenario: instances over zones, replicas on GPUs, and scrape targets.</summary>
public sealed partial class SimulatedFleet
{
    private void AddEndpoint(EndpointDefinition definition, int instanceCount)
    {
        var zones = definition.AvailabilityZones.Count > 0
            ? definition.AvailabilityZones
            : [Scenario.Region + "a", Scenario.Region + "b", Scenario.Region + "c"];
        var endpoint = new SimEndpoint(definition, zones, Scenario.Seed);
        endpoints.Add(endpoint);
        var type = InstanceCatalog.Get(definition.InstanceType);
        var nextGpu = new int[instanceCount];
        var slots = new int[instanceCount];

        for (var i = 0; i < instanceCount; i++)
        {
            var host = string.Create(CultureInfo.InvariantCulture, $"{definition.Name}-{i}");
            var instance = new SimInstance(
                definition.Name, i, host, zones[i % zones.Count], type, StartUnixSeconds - 86400,
                SeedMixer.Mix(Scenario.Seed, "instance/" + host));
            instances.Add(instance);
            endpoint.Instances.Add(instance);
        }

        var components = definition.Components.Count > 0
            ? definition.Components
            : [new ComponentDefinition { Name = ModelCatalog.Get(definition.Model).Name, Copies = instanceCount }];
        var gpusPerCopy = definition.TensorParallel * definition.DataParallel;
        foreach (var component in components)
        {
            endpoint.SetComponentWeight(component.Name, component.Weight);
            var engine = ParseEngine(component.Engine ?? definition.Engine);
            var model = ModelCatalog.Get(component.Model ?? definition.Model);
            var copies = component.Copies > 0 ? component.Copies : instanceCount;
            for (var copy = 0; copy < copies; copy++)
            {
                var index = copy % instanceCount;
                var instance = endpoint.Instances[index];
                if (nextGpu[index] + gpusPerCopy > type.GpuCount)
                {
                    throw new ScenarioException(
                        $"Endpoint \"{definition.Name}\": component \"{component.Name}\" needs {gpusPerCopy} GPUs per copy, but instance {index} "
                        + $"({type.Name}, {type.GpuCount} GPUs) has only {type.GpuCount - nextGpu[index]} left. Lower copies or tensor_parallel × data_parallel.");
                }

                var gpus = Enumerable.Range(nextGpu[index], gpusPerCopy).ToArray();
                nextGpu[index] += gpusPerCopy;
                var port = DefaultPort(engine) + slots[index]++;
                var replica = new SimReplica(definition, component.Name, copy, instance, engine, model, gpus, port);
                replica.PlannedStartup = PlanStartup(definition.Startup, model, definition.TensorParallel, replica.Name);
                if (definition.Startup.Warm)
                {
                    replica.Lifecycle.StartWarm(replica.PlannedStartup);
                    replica.CreateEngine(0, StartUnixSeconds);
                }
                else
                {
                    var startup = definition.Startup;
                    replica.Lifecycle.Begin(0, replica.PlannedStartup, startup.HealthCheckIntervalSeconds, startup.UnhealthyThreshold, updating: false, failHealthChecks: false);
                }

                instance.Replicas.Add(replica);
                endpoint.Replicas.Add(replica);
                replicas.Add(replica);
                AddEngineTarget(replica, definition.MetricsPublishFrequencySeconds);
            }
        }

        foreach (var instance in endpoint.Instances)
        {
            AddExporterTargets(instance, definition.MetricsPublishFrequencySeconds);
        }
    }

    private StartupTimes PlanStartup(StartupDefinition startup, ModelProfile model, int tensorParallel, string name)
    {
        var random = new Random(SeedMixer.Mix(Scenario.Seed, "startup/" + name));
        var jitter = 0.9 + (0.2 * random.NextDouble());
        var download = model.WeightBytes / (startup.DownloadGbPerSecond * 1e9) * jitter;
        var load = (model.WeightBytes / tensorParallel / (startup.LoadGbPerSecond * 1e9) * jitter) + 5;
        var healthCheck = startup.HealthCheckIntervalSeconds * startup.HealthyThreshold;
        return new StartupTimes(download, load, startup.ContainerStartSeconds * jitter, healthCheck);
    }

    /// <summary>
    /// Adds the replica's engine target, labelled as the scrape path labels a configured target.
    /// vLLM's own <c>engine</c> label (the data-parallel rank) clashes with the target's and is
    /// kept as <c>exported_engine</c>, as Prometheus does without <c>honor_labels</c>.
    /// </summary>
    private void AddEngineTarget(SimReplica replica, double? intervalSeconds)
    {
        var address = string.Create(CultureInfo.InvariantCulture, $"{replica.Instance.HostName}:{replica.Port}");
        var engine = ControlPlaneMetrics.EngineName(replica);
        var labels = Labels.FromPairs(
            "job", engine,
            "instance", address,
            "endpoint", replica.EndpointName,
            "component", replica.Component,
            "region", Scenario.Region,
            "az", replica.Instance.AvailabilityZone,
            "instance_type", replica.Instance.Type.Name,
            "gpu_type", replica.Instance.Type.Gpu.Name,
            "engine", engine,
            "engine_version", replica.EngineVersion,
            "model", replica.Model.ServedName,
            "node", replica.Instance.HostName);
        var path = replica.EngineKind == EngineKind.Djl ? "/server/metrics" : "/metrics";
        targets.Add(new ScrapeTarget(engine, address, replica.EngineKind, path, labels, now =>
        {
            var process = replica.Engine;
            return process is not null && replica.Lifecycle.IsProcessUp && !replica.Instance.IsDown
                ? new ScrapeResponse(200, process.RenderMetrics(now))
                : ScrapeResponse.Unavailable;
        }, replica, intervalSeconds));
    }

    private void AddExporterTargets(SimInstance instance, double? intervalSeconds)
    {
        string[] common =
        [
            "endpoint", instance.Endpoint,
            "region", Scenario.Region,
            "az", instance.AvailabilityZone,
            "instance_type", instance.Type.Name,
            "gpu_type", instance.Type.Gpu.Name,
            "node", instance.HostName,
        ];
        var dcgmAddress = instance.HostName + ":9400";
        targets.Add(new ScrapeTarget(
            "dcgm", dcgmAddress, EngineKind.Dcgm, "/metrics",
            Labels.FromPairs([.. common, "job", "dcgm", "instance", dcgmAddress, "engine", "dcgm"]),
            _ =>
            {
                var first = instance.Replicas.FirstOrDefault();
                var container = first is null ? "idle" : ControlPlaneMetrics.EngineName(first);
                return new ScrapeResponse(200, DcgmExporter.Render(instance.HostName, container, first?.Name ?? instance.HostName, instance.Gpus));
            },
            IntervalSeconds: intervalSeconds));

        var nodeAddress = instance.HostName + ":9100";
        targets.Add(new ScrapeTarget(
            "node", nodeAddress, EngineKind.NodeExporter, "/metrics",
            Labels.FromPairs([.. common, "job", "node", "instance", nodeAddress, "engine", "node_exporter"]),
            now =>
            {
                if (instance.IsDown)
                {
                    return ScrapeResponse.Unavailable;
                }

                var gpuBusy = instance.Gpus.Count == 0 ? 0 : instance.Gpus.Average(g => g.Utilization);
                var text = NodeExporter.Render(
                    instance.HostName, instance.Type.VCpus, instance.Type.MemoryBytes, instance.BootUnixSeconds,
                    StartUnixSeconds + now, 0.03 + (0.25 * gpuBusy), instance.NetworkBytes);
                return new ScrapeResponse(200, text);
            },
            IntervalSeconds: intervalSeconds));
    }

    internal static EngineKind ParseEngine(string name) => name.ToLowerInvariant() switch
    {
        "vllm" => EngineKind.Vllm,
        "sglang" => EngineKind.Sglang,
        "tgi" => EngineKind.Tgi,
        "djl" or "lmi" => EngineKind.Djl,
        _ => throw new ScenarioException($"Unknown engine \"{name}\". Use vllm, sglang, tgi or djl."),
    };

    private static int DefaultPort(EngineKind engine) => engine switch
    {
        EngineKind.Sglang => 30000,
        EngineKind.Tgi => 3000,
        EngineKind.Djl => 8080,
        _ => 8000,
    };
}

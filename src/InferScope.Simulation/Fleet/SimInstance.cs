using InferScope.Simulation.Hardware;

namespace InferScope.Simulation.Fleet;

/// <summary>One simulated cloud instance: its zone, GPUs and the deployments placed on it.</summary>
public sealed class SimInstance
{
    public SimInstance(string endpoint, int index, string hostName, string availabilityZone, InstanceType type, double bootUnixSeconds, int seed)
    {
        Endpoint = endpoint;
        Index = index;
        HostName = hostName;
        AvailabilityZone = availabilityZone;
        Type = type;
        BootUnixSeconds = bootUnixSeconds;
        var random = new Random(seed);
        var gpus = new SimGpu[type.GpuCount];
        for (var i = 0; i < gpus.Length; i++)
        {
            var uuid = $"GPU-{random.Next():x8}-{random.Next(0x10000):x4}-{random.Next(0x10000):x4}-{random.Next(0x10000):x4}-{random.NextInt64(0x1000000000000):x12}";
            gpus[i] = new SimGpu(i, type.Gpu, uuid, $"00000000:{0x10 + i:X2}:00.0");
        }

        Gpus = gpus;
    }

    public string Endpoint { get; }

    public int Index { get; }

    public string HostName { get; }

    public string AvailabilityZone { get; }

    public InstanceType Type { get; }

    public double BootUnixSeconds { get; internal set; }

    public IReadOnlyList<SimGpu> Gpus { get; }

    public List<SimReplica> Replicas { get; } = [];

    /// <summary>Whether the instance is down (after a fatal GPU error) and serves nothing.</summary>
    public bool IsDown { get; internal set; }

    /// <summary>Bytes of request and response traffic since boot, for the node exporter's network counters.</summary>
    public double NetworkBytes { get; internal set; }
}

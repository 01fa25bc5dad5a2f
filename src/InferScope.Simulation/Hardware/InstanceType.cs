namespace InferScope.Simulation.Hardware;

/// <summary>A cloud instance type: its GPUs, vCPUs and host memory.</summary>
public sealed record InstanceType(string Name, GpuProfile Gpu, int GpuCount, int VCpus, double MemoryBytes);

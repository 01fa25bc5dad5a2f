namespace InferScope.Simulation.Hardware;

/// <summary>SageMaker instance types mapped to their GPUs, keyed by name (case-insensitive).</summary>
public static class InstanceCatalog
{
    private const double GiB = 1024.0 * 1024 * 1024;

    public static IReadOnlyList<InstanceType> All { get; } =
    [
        new("ml.g6.xlarge", GpuCatalog.L4, 1, 4, 16 * GiB),
        new("ml.g6.2xlarge", GpuCatalog.L4, 1, 8, 32 * GiB),
        new("ml.g6.4xlarge", GpuCatalog.L4, 1, 16, 64 * GiB),
        new("ml.g6.12xlarge", GpuCatalog.L4, 4, 48, 192 * GiB),
        new("ml.g6.48xlarge", GpuCatalog.L4, 8, 192, 768 * GiB),
        new("ml.g5.xlarge", GpuCatalog.A10G, 1, 4, 16 * GiB),
        new("ml.g5.2xlarge", GpuCatalog.A10G, 1, 8, 32 * GiB),
        new("ml.g5.12xlarge", GpuCatalog.A10G, 4, 48, 192 * GiB),
        new("ml.g5.48xlarge", GpuCatalog.A10G, 8, 192, 768 * GiB),
        new("ml.p4d.24xlarge", GpuCatalog.A100Sxm40, 8, 96, 1152 * GiB),
        new("ml.p4de.24xlarge", GpuCatalog.A100Sxm80, 8, 96, 1152 * GiB),
        new("ml.p5.48xlarge", GpuCatalog.H100Sxm, 8, 192, 2048 * GiB),
        new("ml.p5e.48xlarge", GpuCatalog.H200Sxm, 8, 192, 2048 * GiB),
    ];

    /// <summary>Returns the instance type with the given name.</summary>
    /// <exception cref="ArgumentException">No instance type has that name.</exception>
    public static InstanceType Get(string name)
    {
        foreach (var type in All)
        {
            if (string.Equals(type.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        throw new ArgumentException(
            $"Unknown instance type \"{name}\". Use one of: {string.Join(", ", All.Select(t => t.Name))}.",
            nameof(name));
    }
}

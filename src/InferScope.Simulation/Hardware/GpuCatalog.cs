namespace InferScope.Simulation.Hardware;

/// <summary>The GPU profiles the simulator knows, keyed by name (case-insensitive).</summary>
public static class GpuCatalog
{
    private const double GiB = 1024.0 * 1024 * 1024;
    private const double GB = 1e9;
    private const double Tera = 1e12;

    /// <summary>NVIDIA L4: 24 GB GDDR6, 300 GB/s, 121 TFLOPS dense BF16, 72 W.</summary>
    public static GpuProfile L4 { get; } =
        new("L4", "NVIDIA L4", 24 * GiB, 300 * GB, 121 * Tera, 72, 16, 2040, 6251, 83);

    /// <summary>NVIDIA A10G (AWS G5): 24 GB GDDR6, 600 GB/s, about 70 TFLOPS dense BF16, 300 W.</summary>
    public static GpuProfile A10G { get; } =
        new("A10G", "NVIDIA A10G", 24 * GiB, 600 * GB, 70 * Tera, 300, 25, 1710, 6251, 85);

    /// <summary>NVIDIA A100 SXM4 40 GB: 1,555 GB/s HBM2, 312 TFLOPS dense BF16, 400 W.</summary>
    public static GpuProfile A100Sxm40 { get; } =
        new("A100-40GB", "NVIDIA A100-SXM4-40GB", 40 * GiB, 1555 * GB, 312 * Tera, 400, 55, 1410, 1215, 85);

    /// <summary>NVIDIA A100 SXM4 80 GB: 2,039 GB/s HBM2e, 312 TFLOPS dense BF16, 400 W.</summary>
    public static GpuProfile A100Sxm80 { get; } =
        new("A100-80GB", "NVIDIA A100-SXM4-80GB", 80 * GiB, 2039 * GB, 312 * Tera, 400, 60, 1410, 1593, 85);

    /// <summary>NVIDIA H100 SXM5 80 GB: 3.35 TB/s HBM3, 989 TFLOPS dense BF16, 700 W.</summary>
    public static GpuProfile H100Sxm { get; } =
        new("H100", "NVIDIA H100 80GB HBM3", 80 * GiB, 3350 * GB, 989 * Tera, 700, 70, 1980, 2619, 87);

    /// <summary>NVIDIA H200 SXM 141 GB: 4.8 TB/s HBM3e, 989 TFLOPS dense BF16, 700 W.</summary>
    public static GpuProfile H200Sxm { get; } =
        new("H200", "NVIDIA H200", 141e9, 4800 * GB, 989 * Tera, 700, 75, 1980, 3201, 87);

    public static IReadOnlyList<GpuProfile> All { get; } = [L4, A10G, A100Sxm40, A100Sxm80, H100Sxm, H200Sxm];

    /// <summary>Returns the profile with the given name.</summary>
    /// <exception cref="ArgumentException">No profile has that name.</exception>
    public static GpuProfile Get(string name)
    {
        foreach (var gpu in All)
        {
            if (string.Equals(gpu.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return gpu;
            }
        }

        throw new ArgumentException(
            $"Unknown GPU \"{name}\". Use one of: {string.Join(", ", All.Select(g => g.Name))}.", nameof(name));
    }
}

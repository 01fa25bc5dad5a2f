namespace InferScope.Simulation.Hardware;

/// <summary>
/// A GPU's public specification: the figures the performance model and the simulated DCGM
/// exporter use. Every figure is documented with its source in docs/simulation.md.
/// </summary>
/// <param name="Name">Short catalog name, such as <c>L4</c> or <c>H100</c>.</param>
/// <param name="ModelName">The name DCGM reports in its <c>modelName</c> label.</param>
/// <param name="MemoryBytes">Framebuffer size in bytes.</param>
/// <param name="MemoryBandwidthBytesPerSecond">Peak memory bandwidth in bytes per second.</param>
/// <param name="Bf16DenseFlops">Peak dense BF16 tensor throughput in FLOP/s (no sparsity).</param>
/// <param name="TdpWatts">Board power limit in watts.</param>
/// <param name="IdleWatts">Power drawn with no kernel running, in watts (an estimate).</param>
/// <param name="MaxSmClockMHz">Boost SM clock in MHz.</param>
/// <param name="MemoryClockMHz">Memory clock in MHz as DCGM reports it.</param>
/// <param name="SlowdownTemperatureCelsius">Temperature at which the GPU starts to lower its clocks.</param>
public sealed record GpuProfile(
    string Name,
    string ModelName,
    double MemoryBytes,
    double MemoryBandwidthBytesPerSecond,
    double Bf16DenseFlops,
    double TdpWatts,
    double IdleWatts,
    int MaxSmClockMHz,
    int MemoryClockMHz,
    double SlowdownTemperatureCelsius)
{
    /// <summary>Framebuffer size in MiB, the unit of DCGM's <c>DCGM_FI_DEV_FB_*</c> fields.</summary>
    public double MemoryMiB => MemoryBytes / (1024 * 1024);
}

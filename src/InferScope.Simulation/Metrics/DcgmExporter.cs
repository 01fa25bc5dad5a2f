using System.Globalization;
using InferScope.Model;
using InferScope.Simulation.Fleet;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// The dcgm-exporter 4.x default counter set for an instance's GPUs: device labels in DCGM's
/// fixed order, then the Kubernetes labels, integers for integer fields and <c>%f</c> for floats.
/// </summary>
public static class DcgmExporter
{
    private const string DriverVersion = "570.133.20";

    public static string Render(string hostName, string container, string pod, IReadOnlyList<SimGpu> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        var b = new ExpositionBuilder(FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_SM_CLOCK", MetricType.Gauge, "SM clock frequency (MHz).", g => g.SmClockMHz, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_MEM_CLOCK", MetricType.Gauge, "Memory clock frequency (MHz).", g => g.Profile.MemoryClockMHz, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_MEMORY_TEMP", MetricType.Gauge, "Memory temperature (C).", g => g.Temperature + 4, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_GPU_TEMP", MetricType.Gauge, "GPU temperature (C).", g => g.Temperature, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_POWER_USAGE", MetricType.Gauge, "Power draw (W).", g => g.PowerWatts, FloatStyle.FixedSix);
        Write(b, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", MetricType.Counter, "Energy since boot (mJ).", g => g.EnergyMillijoules, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_PCIE_REPLAY_COUNTER", MetricType.Counter, "PCIe retries.", _ => 0, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_GPU_UTIL", MetricType.Gauge, "GPU utilization (%).", g => g.Utilization * 100, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_MEM_COPY_UTIL", MetricType.Gauge, "Memory utilization (%).", g => g.DramActive * 100, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_ENC_UTIL", MetricType.Gauge, "Encoder utilization (%).", _ => 0, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_DEC_UTIL", MetricType.Gauge, "Decoder utilization (%).", _ => 0, FloatStyle.Integer);

        b.Family("DCGM_FI_DEV_XID_ERRORS", MetricType.Gauge, "Code of the last XID error.");
        foreach (var gpu in gpus)
        {
            var labels = DeviceLabels(gpu, hostName);
            (string, string)[] xidLabels =
            [
                .. labels,
                ("container", container),
                ("err_code", gpu.LastXid.ToString(CultureInfo.InvariantCulture)),
                ("err_msg", XidMessage(gpu.LastXid)),
                ("namespace", "inference"),
                ("pod", pod),
                ("pod_uid", string.Empty),
            ];
            b.Sample("DCGM_FI_DEV_XID_ERRORS", xidLabels, gpu.LastXid, FloatStyle.Integer);
        }

        Write(b, "DCGM_FI_DEV_FB_FREE", MetricType.Gauge, "Free framebuffer (MiB).", g => (g.Profile.MemoryBytes - g.MemoryUsedBytes) / 1048576 - 457, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_FB_USED", MetricType.Gauge, "Used framebuffer (MiB).", g => g.MemoryUsedBytes / 1048576, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_FB_RESERVED", MetricType.Gauge, "Reserved framebuffer (MiB).", _ => 457, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", MetricType.Counter, "Rows remapped for uncorrectable errors.", _ => 0, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", MetricType.Counter, "Rows remapped for correctable errors.", _ => 0, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_ROW_REMAP_FAILURE", MetricType.Gauge, "Whether a row remap failed.", _ => 0, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", MetricType.Counter, "NVLink bandwidth counter over all lanes.", _ => 0, FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_VGPU_LICENSE_STATUS", MetricType.Gauge, "vGPU license status.", _ => 0, FloatStyle.Integer);
        Write(b, "DCGM_FI_PROF_GR_ENGINE_ACTIVE", MetricType.Gauge, "Ratio of time the graphics engine is active.", g => g.Utilization, FloatStyle.FixedSix);
        Write(b, "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", MetricType.Gauge, "Ratio of cycles the tensor pipe is active.", g => g.TensorActive, FloatStyle.FixedSix);
        Write(b, "DCGM_FI_PROF_DRAM_ACTIVE", MetricType.Gauge, "Ratio of cycles the memory interface is active.", g => g.DramActive, FloatStyle.FixedSix);
        Write(b, "DCGM_FI_PROF_PCIE_TX_BYTES", MetricType.Gauge, "PCIe bytes transmitted per second.", g => 2e6 + (g.Utilization * 6e7), FloatStyle.Integer);
        Write(b, "DCGM_FI_PROF_PCIE_RX_BYTES", MetricType.Gauge, "PCIe bytes received per second.", g => 1e6 + (g.Utilization * 4e7), FloatStyle.Integer);
        Write(b, "DCGM_FI_DEV_THERMAL_VIOLATION", MetricType.Counter, "Throttling duration due to thermal constraints (us).", g => g.ThermalViolationMicroseconds, FloatStyle.Integer);
        return b.ToString();

        void Write(ExpositionBuilder builder, string name, MetricType type, string help, Func<SimGpu, double> value, FloatStyle style)
        {
            builder.Family(name, type, help);
            foreach (var gpu in gpus)
            {
                (string, string)[] labels =
                [
                    .. DeviceLabels(gpu, hostName),
                    ("container", container),
                    ("namespace", "inference"),
                    ("pod", pod),
                    ("pod_uid", string.Empty),
                ];
                builder.Sample(name, labels, value(gpu), style);
            }
        }
    }

    private static (string, string)[] DeviceLabels(SimGpu gpu, string hostName) =>
    [
        ("gpu", gpu.Index.ToString(CultureInfo.InvariantCulture)),
        ("UUID", gpu.Uuid),
        ("pci_bus_id", gpu.PciBusId),
        ("device", "nvidia" + gpu.Index.ToString(CultureInfo.InvariantCulture)),
        ("modelName", gpu.Profile.ModelName),
        ("Hostname", hostName),
        ("DCGM_FI_DRIVER_VERSION", DriverVersion),
    ];

    /// <summary>Returns the short description DCGM gives an XID code.</summary>
    public static string XidMessage(int xid) => xid switch
    {
        0 => "No Error",
        13 => "Graphics Engine Exception",
        31 => "GPU memory page fault",
        48 => "Double Bit ECC Error",
        63 => "Row remapping event",
        79 => "GPU has fallen off the bus",
        94 => "Contained ECC error",
        95 => "Uncontained ECC error",
        _ => "Unknown Error",
    };
}

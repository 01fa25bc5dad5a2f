namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private static IEnumerable<UnifiedMetric> GpuMetrics() => new Group(MetricGroup.Gpu, LabelScope.Gpu)
        .Gauge("llm_gpu_utilization_ratio", "ratio",
            "Fraction of time any kernel ran on the GPU (0 to 1). Coarse: a single small kernel counts as busy.", core: true)
        .Gauge("llm_gpu_tensor_active_ratio", "ratio",
            "Fraction of cycles the tensor pipes were active: the best sign that the GPU does model math.")
        .Gauge("llm_gpu_dram_active_ratio", "ratio",
            "Fraction of cycles device memory was busy; decode is memory-bandwidth bound, so it shows here.")
        .Gauge("llm_gpu_graphics_engine_active_ratio", "ratio",
            "Fraction of time the graphics or compute engine was active.")
        .Gauge("llm_gpu_sm_active_ratio", "ratio",
            "Fraction of cycles at least one warp was resident on a streaming multiprocessor.")
        .Gauge("llm_gpu_sm_occupancy_ratio", "ratio",
            "Resident warps as a fraction of the maximum per streaming multiprocessor.")
        .Gauge("llm_gpu_memory_copy_utilization_ratio", "ratio",
            "Fraction of time the memory controller was busy copying.")
        .Gauge("llm_gpu_encoder_utilization_ratio", "ratio", "Video encoder utilization (0 to 1).")
        .Gauge("llm_gpu_decoder_utilization_ratio", "ratio", "Video decoder utilization (0 to 1).")
        .Gauge("llm_gpu_memory_used_bytes", "bytes", "Device (framebuffer) memory in use.", core: true)
        .Gauge("llm_gpu_memory_free_bytes", "bytes", "Device (framebuffer) memory free.")
        .Gauge("llm_gpu_memory_reserved_bytes", "bytes", "Device memory reserved by the driver.")
        .Gauge("llm_gpu_memory_total_bytes", "bytes", "Device memory in all.")
        .Gauge("llm_gpu_temperature_celsius", "celsius", "GPU die temperature.", core: true)
        .Gauge("llm_gpu_memory_temperature_celsius", "celsius", "GPU memory temperature.")
        .Gauge("llm_gpu_power_watts", "watts", "Power draw.", core: true)
        .Gauge("llm_gpu_power_limit_watts", "watts", "Power limit the board enforces.")
        .Counter("llm_gpu_energy_joules_total", "joules", "Energy consumed since the driver loaded.")
        .Gauge("llm_gpu_sm_clock_hertz", "hertz", "Streaming-multiprocessor clock; a drop under load means throttling.", core: true)
        .Gauge("llm_gpu_memory_clock_hertz", "hertz", "Memory clock.")
        .Counter("llm_gpu_throttle_seconds_total", "seconds",
            "Time the clocks were held down, by reason (power, thermal, sync_boost, board_limit, low_util, reliability).",
            labels: ["reason"])
        .Counter("llm_gpu_clock_events_total", "events",
            "Clock-throttle events the exporter counted.")
        .Gauge("llm_gpu_xid_last_error_code", "code",
            "Code of the most recent XID error; 0 means none since the exporter started.", labels: ["xid"], core: true)
        .Counter("llm_gpu_xid_errors_total", "errors",
            "XID errors the exporter counted, by XID code.", labels: ["xid"])
        .Counter("llm_gpu_ecc_errors_total", "errors",
            "ECC memory errors, by kind (single_bit corrected, double_bit uncorrected) and scope (volatile since boot, aggregate lifetime).",
            labels: ["kind", "scope"])
        .Counter("llm_gpu_remapped_rows_total", "rows",
            "Memory rows remapped after errors, by kind (correctable, uncorrectable).", labels: ["kind"])
        .Gauge("llm_gpu_row_remap_failed", "boolean",
            "1 when remapping a memory row failed and the GPU needs service.")
        .Counter("llm_gpu_pcie_replays_total", "events", "PCIe link retries.")
        .Gauge("llm_gpu_pcie_transmit_bytes_per_second", "bytes per second", "PCIe traffic from the GPU.")
        .Gauge("llm_gpu_pcie_receive_bytes_per_second", "bytes per second", "PCIe traffic to the GPU.")
        .Gauge("llm_gpu_nvlink_transmit_bytes_per_second", "bytes per second", "NVLink traffic from the GPU.")
        .Gauge("llm_gpu_nvlink_receive_bytes_per_second", "bytes per second", "NVLink traffic to the GPU.")
        .Counter("llm_gpu_nvlink_bandwidth_total", "counts",
            "The exporter's NVLink bandwidth counter over all lanes; use its rate to compare links, not as bytes.")
        .Gauge("llm_gpu_health_status", "status",
            "The exporter's GPU health verdict (0 healthy).")
        .Gauge("llm_gpu_vgpu_license_status", "status",
            "vGPU license state as the driver reports it.")
        .In(LabelScope.Engine)
        .Gauge("llm_engine_memory_bytes", "bytes",
            "Memory the engine runtime holds, by pool (gpu, cpu, pinned).", labels: ["pool"])
        .Counter("llm_gpu_busy_seconds_total", "seconds",
            "GPU time the engine spent executing, by forward-mode category.", labels: ["category"])
        .Metrics;
}

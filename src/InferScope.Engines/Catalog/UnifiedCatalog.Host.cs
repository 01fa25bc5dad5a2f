namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private static IEnumerable<UnifiedMetric> HostMetrics() => new Group(MetricGroup.Host, LabelScope.Host)
        .Counter("llm_host_cpu_seconds_total", "seconds", "CPU time of the host, by CPU and mode.", labels: ["cpu", "mode"], core: true)
        .Gauge("llm_host_cpu_utilization_ratio", "ratio", "Host CPU utilization (0 to 1) as the inference server samples it.")
        .Gauge("llm_host_memory_total_bytes", "bytes", "Host memory in all.")
        .Gauge("llm_host_memory_available_bytes", "bytes", "Host memory available to new work without swapping.", core: true)
        .Gauge("llm_host_memory_used_bytes", "bytes", "Host memory in use, as the inference server samples it.")
        .Gauge("llm_host_load1", "processes", "One-minute load average.")
        .Counter("llm_host_network_receive_bytes_total", "bytes", "Bytes received, by network device.", labels: ["device"])
        .Counter("llm_host_network_transmit_bytes_total", "bytes", "Bytes sent, by network device.", labels: ["device"])
        .Counter("llm_host_disk_read_bytes_total", "bytes", "Bytes read, by disk.", labels: ["device"])
        .Counter("llm_host_disk_written_bytes_total", "bytes", "Bytes written, by disk.", labels: ["device"])
        .Gauge("llm_host_filesystem_available_bytes", "bytes", "Free space available to unprivileged users, by filesystem.",
            labels: ["device", "fstype", "mountpoint"])
        .Counter("llm_host_cpu_pressure_waiting_seconds_total", "seconds", "Time runnable tasks waited for a CPU (pressure stall information).")
        .Counter("llm_host_memory_pressure_stalled_seconds_total", "seconds", "Time all non-idle tasks stalled on memory (pressure stall information).")
        .Gauge("llm_host_boot_time_seconds", "seconds", "Unix time the host booted; a jump means a reboot.")
        .Metrics;
}

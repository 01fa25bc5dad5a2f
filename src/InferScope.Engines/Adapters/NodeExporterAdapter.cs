using InferScope.Engines.Mapping;

namespace InferScope.Engines.Adapters;

/// <summary>
/// The Prometheus node exporter: the host metrics that explain an engine slowed by its machine
/// (CPU saturation, memory pressure, network). Labels are kept as they are.
/// </summary>
internal static class NodeExporterAdapter
{
    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.NodeExporter, "node_");
        rules.Copy("cpu_seconds", "llm_host_cpu_seconds_total");
        rules.Copy("memory_MemTotal_bytes", "llm_host_memory_total_bytes");
        rules.Copy("memory_MemAvailable_bytes", "llm_host_memory_available_bytes");
        rules.Copy("load1", "llm_host_load1");
        rules.Copy("network_receive_bytes", "llm_host_network_receive_bytes_total");
        rules.Copy("network_transmit_bytes", "llm_host_network_transmit_bytes_total");
        rules.Copy("disk_read_bytes", "llm_host_disk_read_bytes_total");
        rules.Copy("disk_written_bytes", "llm_host_disk_written_bytes_total");
        rules.Copy("filesystem_avail_bytes", "llm_host_filesystem_available_bytes");
        rules.Copy("pressure_cpu_waiting_seconds", "llm_host_cpu_pressure_waiting_seconds_total");
        rules.Copy("pressure_memory_stalled_seconds", "llm_host_memory_pressure_stalled_seconds_total");
        rules.Copy("boot_time_seconds", "llm_host_boot_time_seconds");
        return new EngineAdapter(EngineKind.NodeExporter, rules.Build(), new Dictionary<string, string?>(), [], addsEngineLabel: false);
    }
}

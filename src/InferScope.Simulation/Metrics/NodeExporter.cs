using System.Globalization;
using InferScope.Model;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// A subset of node_exporter 1.5's default collectors for one simulated host: CPU, memory, load,
/// boot time, filesystem, disk and network, with the real family names, types and labels.
/// </summary>
public static class NodeExporter
{
    /// <summary>Writes the host's metrics at wall time <paramref name="unixSeconds"/>.</summary>
    /// <param name="hostName">The node name.</param>
    /// <param name="vCpus">Logical CPUs.</param>
    /// <param name="memoryBytes">Host memory.</param>
    /// <param name="bootUnixSeconds">Boot time in Unix seconds.</param>
    /// <param name="unixSeconds">Current time in Unix seconds.</param>
    /// <param name="cpuBusy">Fraction of CPU time in use (0 to 1).</param>
    /// <param name="networkBytes">Bytes received and sent since boot, each.</param>
    public static string Render(
        string hostName, int vCpus, double memoryBytes, double bootUnixSeconds, double unixSeconds, double cpuBusy, double networkBytes)
    {
        var uptime = Math.Max(0, unixSeconds - bootUnixSeconds);
        var b = new ExpositionBuilder(FloatStyle.Go);
        b.Family("node_boot_time_seconds", MetricType.Gauge, "Boot time in Unix seconds.");
        b.Sample("node_boot_time_seconds", [], bootUnixSeconds);

        b.Family("node_cpu_seconds_total", MetricType.Counter, "CPU time per CPU and mode, in seconds.");
        for (var cpu = 0; cpu < vCpus; cpu++)
        {
            var id = cpu.ToString(CultureInfo.InvariantCulture);
            b.Sample("node_cpu_seconds_total", [("cpu", id), ("mode", "idle")], Math.Round(uptime * (1 - cpuBusy), 2));
            b.Sample("node_cpu_seconds_total", [("cpu", id), ("mode", "system")], Math.Round(uptime * cpuBusy * 0.3, 2));
            b.Sample("node_cpu_seconds_total", [("cpu", id), ("mode", "user")], Math.Round(uptime * cpuBusy * 0.7, 2));
        }

        b.Family("node_disk_read_bytes_total", MetricType.Counter, "Bytes read from the disk.");
        b.Sample("node_disk_read_bytes_total", [("device", "nvme0n1")], 2.2e10);
        b.Family("node_disk_written_bytes_total", MetricType.Counter, "Bytes written to the disk.");
        b.Sample("node_disk_written_bytes_total", [("device", "nvme0n1")], 1.1e9 + (uptime * 4096));

        (string, string)[] root = [("device", "/dev/nvme0n1p1"), ("fstype", "ext4"), ("mountpoint", "/")];
        b.Family("node_filesystem_avail_bytes", MetricType.Gauge, "Bytes free for unprivileged users on the filesystem.");
        b.Sample("node_filesystem_avail_bytes", root, 2.1e11);
        b.Family("node_filesystem_size_bytes", MetricType.Gauge, "Size of the filesystem in bytes.");
        b.Sample("node_filesystem_size_bytes", root, 2.7e11);

        b.Family("node_load1", MetricType.Gauge, "Load average over one minute.");
        b.Sample("node_load1", [], Math.Round(cpuBusy * vCpus, 2));
        b.Family("node_load15", MetricType.Gauge, "Load average over fifteen minutes.");
        b.Sample("node_load15", [], Math.Round(cpuBusy * vCpus, 2));
        b.Family("node_load5", MetricType.Gauge, "Load average over five minutes.");
        b.Sample("node_load5", [], Math.Round(cpuBusy * vCpus, 2));

        var used = (memoryBytes * 0.08) + (memoryBytes * 0.1 * cpuBusy);
        b.Family("node_memory_MemAvailable_bytes", MetricType.Gauge, "MemAvailable from /proc/meminfo, in bytes.");
        b.Sample("node_memory_MemAvailable_bytes", [], Math.Round(memoryBytes - used));
        b.Family("node_memory_MemFree_bytes", MetricType.Gauge, "MemFree from /proc/meminfo, in bytes.");
        b.Sample("node_memory_MemFree_bytes", [], Math.Round(memoryBytes - (used * 1.5)));
        b.Family("node_memory_MemTotal_bytes", MetricType.Gauge, "MemTotal from /proc/meminfo, in bytes.");
        b.Sample("node_memory_MemTotal_bytes", [], memoryBytes);

        b.Family("node_network_receive_bytes_total", MetricType.Counter, "Bytes received by the network device.");
        b.Sample("node_network_receive_bytes_total", [("device", "eth0")], Math.Round(networkBytes));
        b.Family("node_network_transmit_bytes_total", MetricType.Counter, "Bytes sent by the network device.");
        b.Sample("node_network_transmit_bytes_total", [("device", "eth0")], Math.Round(networkBytes * 1.3));

        b.Family("node_time_seconds", MetricType.Gauge, "Clock time in Unix seconds.");
        b.Sample("node_time_seconds", [], unixSeconds);
        b.Family("node_uname_info", MetricType.Gauge, "uname(2) fields as labels.");
        b.Sample(
            "node_uname_info",
            [("domainname", "(none)"), ("machine", "x86_64"), ("nodename", hostName), ("release", "6.1.0-generic"), ("sysname", "Linux"), ("version", "#1 SMP")],
            1);
        return b.ToString();
    }
}

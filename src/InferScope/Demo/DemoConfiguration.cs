using System.Globalization;
using System.Text;
using System.Text.Json;
using InferScope.Engines;
using InferScope.Model;
using InferScope.Simulation.Hosting;

namespace InferScope.Demo;

/// <summary>
/// Writes the server configuration that scrapes a simulated fleet: one endpoint per simulated
/// endpoint, its targets listed in a file_sd JSON file with their simulated labels, so the demo
/// runs through the same configuration, discovery and scrape path as <c>inferscope serve</c>.
/// </summary>
internal static class DemoConfiguration
{
    /// <summary>The endpoint name of the simulator's control plane (router and deployment metrics).</summary>
    public const string ControlPlaneEndpoint = "control-plane";

    private static readonly string[] CopiedLabels =
    [
        "instance", "node", "region", "az", "instance_type", "gpu_type", "model", "component", "engine_version",
    ];

    /// <summary>Writes inferscope.yaml and one targets file per endpoint into <paramref name="directory"/>; returns the YAML path.</summary>
    public static string Write(string directory, IReadOnlyList<HostedTarget> targets, int publishFrequencySeconds)
    {
        var groups = targets
            .GroupBy(t => t.Target.Labels.Get("endpoint") ?? ControlPlaneEndpoint, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by inferscope demo for the simulated fleet; it is deleted when the demo stops.");
        yaml.AppendLine("endpoints:");
        foreach (var group in groups)
        {
            var file = Path.Combine(directory, group.Key + ".targets.json");
            File.WriteAllText(file, TargetsJson(group));
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: {Quote(group.Key)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    metrics_publish_frequency_seconds: {publishFrequencySeconds}");
            if (group.Key == ControlPlaneEndpoint)
            {
                // The control plane exposes per-endpoint series; their own endpoint labels must win.
                yaml.AppendLine("    honor_labels: true");
            }

            yaml.AppendLine("    file_sd:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - files: [{Quote(file)}]");
        }

        var path = Path.Combine(directory, "inferscope.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    private static string TargetsJson(IEnumerable<HostedTarget> targets)
    {
        var groups = targets.Select(hosted =>
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in CopiedLabels)
            {
                if (hosted.Target.Labels.Get(name) is { Length: > 0 } value)
                {
                    labels[name] = value;
                }
            }

            if (hosted.Target.Kind != EngineKind.Unknown)
            {
                labels["engine"] = hosted.Target.Kind.ToLabelValue();
            }

            if (hosted.MetricsPath != "/metrics")
            {
                labels["__metrics_path__"] = hosted.MetricsPath;
            }

            return new { targets = new[] { hosted.Address }, labels };
        });
        return JsonSerializer.Serialize(groups);
    }

    // YAML double-quoted scalars accept JSON string escapes.
    private static string Quote(string value) => JsonSerializer.Serialize(value);
}

using System.Globalization;
using System.Text.Json;
using InferScope.Ingestion.Scraping;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace InferScope.Ingestion.Discovery;

/// <summary>
/// Reads Prometheus file_sd files: a list of groups, each with <c>targets</c> (host:port strings)
/// and <c>labels</c>. Files ending in .yml or .yaml are YAML, every other file is JSON.
/// </summary>
/// <remarks>
/// The labels <c>instance</c>, <c>region</c>, <c>az</c>, <c>instance_type</c>, <c>gpu_type</c>,
/// <c>engine</c>, <c>model</c> and <c>component</c> fill the instance fields of the same meaning,
/// and any other label is attached as is. <c>__metrics_path__</c> sets the instance's path, and
/// other labels starting with <c>__</c> are ignored.
/// </remarks>
public static class FileSdReader
{
    private static readonly IDeserializer YamlDeserializer = new DeserializerBuilder().Build();

    /// <summary>Reads one file; throws <see cref="FormatException"/> naming the file and the bad group.</summary>
    public static IReadOnlyList<ScrapeInstance> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = File.ReadAllText(path);
        var isYaml = path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
        List<FileSdGroup>? groups;
        try
        {
            groups = isYaml ? ParseYaml(text) : JsonSerializer.Deserialize<List<FileSdGroup>>(text, JsonOptions);
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw new FormatException($"{path}: not a file_sd list of {{targets, labels}} groups: {e.Message}", e);
        }

        return ToInstances(path, groups ?? []);
    }

    /// <summary>Returns the files a pattern names; a <c>*</c> in the file name matches any characters.</summary>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var directory = Path.GetDirectoryName(Path.GetFullPath(pattern)) ?? ".";
        var name = Path.GetFileName(pattern);
        if (!name.Contains('*', StringComparison.Ordinal))
        {
            return File.Exists(pattern) ? [Path.GetFullPath(pattern)] : [];
        }

        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = Directory.GetFiles(directory, name);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static List<FileSdGroup> ParseYaml(string text)
    {
        var raw = YamlDeserializer.Deserialize<List<Dictionary<string, object?>>?>(text) ?? [];
        var groups = new List<FileSdGroup>(raw.Count);
        foreach (var entry in raw)
        {
            var group = new FileSdGroup();
            if (entry.TryGetValue("targets", out var targets) && targets is List<object?> list)
            {
                group.Targets = [.. list.Select(t => Convert.ToString(t, CultureInfo.InvariantCulture) ?? string.Empty)];
            }

            if (entry.TryGetValue("labels", out var labels) && labels is Dictionary<object, object?> map)
            {
                group.Labels = map.ToDictionary(
                    p => Convert.ToString(p.Key, CultureInfo.InvariantCulture) ?? string.Empty,
                    p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty,
                    StringComparer.Ordinal);
            }

            groups.Add(group);
        }

        return groups;
    }

    private static List<ScrapeInstance> ToInstances(string path, List<FileSdGroup> groups)
    {
        var instances = new List<ScrapeInstance>();
        for (var g = 0; g < groups.Count; g++)
        {
            var labels = groups[g].Labels ?? [];
            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in labels)
            {
                if (!IsInstanceField(name) && !name.StartsWith("__", StringComparison.Ordinal))
                {
                    extra[name] = value;
                }
            }

            foreach (var address in groups[g].Targets ?? [])
            {
                var instance = new ScrapeInstance
                {
                    Address = address,
                    MetricsPath = labels.GetValueOrDefault("__metrics_path__"),
                    Instance = labels.GetValueOrDefault("instance"),
                    Region = labels.GetValueOrDefault(TargetLabelNames.Region),
                    Az = labels.GetValueOrDefault(TargetLabelNames.Az),
                    InstanceType = labels.GetValueOrDefault(TargetLabelNames.InstanceType),
                    GpuType = labels.GetValueOrDefault(TargetLabelNames.GpuType),
                    Engine = labels.GetValueOrDefault(TargetLabelNames.Engine),
                    Model = labels.GetValueOrDefault(TargetLabelNames.Model),
                    Component = labels.GetValueOrDefault(TargetLabelNames.Component),
                    ExtraLabels = extra,
                };
                var errors = ScrapeEndpointValidator.ValidateInstance(instance).ToList();
                if (errors.Count > 0)
                {
                    throw new FormatException(string.Create(
                        CultureInfo.InvariantCulture, $"{path}: group {g}, target \"{address}\": {errors[0]}"));
                }

                instances.Add(instance);
            }
        }

        return instances;
    }

    private static bool IsInstanceField(string name) => name is "instance" or TargetLabelNames.Region
        or TargetLabelNames.Az or TargetLabelNames.InstanceType or TargetLabelNames.GpuType
        or TargetLabelNames.Engine or TargetLabelNames.Model or TargetLabelNames.Component;

    private sealed class FileSdGroup
    {
        public List<string>? Targets { get; set; }

        public Dictionary<string, string>? Labels { get; set; }
    }
}

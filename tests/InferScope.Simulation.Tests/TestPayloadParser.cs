using System.Globalization;
using InferScope.Exposition;
using InferScope.Model;

namespace InferScope.Simulation.Tests;

/// <summary>
/// A minimal text-format parser for tests of the virtual-time path, standing in for the
/// product's exposition parser: one family per TYPE line, samples assigned by suffix.
/// </summary>
internal static class TestPayloadParser
{
    public static ScrapePayload Parse(string body, string contentType)
    {
        var families = new List<MetricFamily>();
        var byName = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                var type = parts[3] switch
                {
                    "counter" => MetricType.Counter,
                    "gauge" => MetricType.Gauge,
                    "histogram" => MetricType.Histogram,
                    "summary" => MetricType.Summary,
                    _ => MetricType.Unknown,
                };
                var family = new MetricFamily(parts[2], type);
                families.Add(family);
                byName[parts[2]] = family;
                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var head = line[..space];
            var brace = head.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? head : head[..brace];
            var builder = new LabelsBuilder().Set(LabelNames.MetricName, name);
            if (brace >= 0 && head.Length > brace + 2)
            {
                foreach (var pair in head[(brace + 1)..^1].Split("\","))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    builder.Set(pair[..equals], pair[(equals + 2)..].TrimEnd('"'));
                }
            }

            var value = line[(space + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            var owner = byName.GetValueOrDefault(name)
                ?? byName.GetValueOrDefault(Strip(name, "_bucket"))
                ?? byName.GetValueOrDefault(Strip(name, "_sum"))
                ?? byName.GetValueOrDefault(Strip(name, "_count"));
            if (owner is null)
            {
                owner = new MetricFamily(name, MetricType.Unknown);
                families.Add(owner);
                byName[name] = owner;
            }

            owner.Points.Add(new MetricPoint(builder.Build(), value));
        }

        return new ScrapePayload(ExpositionFormat.PrometheusText, families);
    }

    private static string Strip(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
}

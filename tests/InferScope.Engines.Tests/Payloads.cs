using System.Globalization;
using System.Text;
using InferScope.Exposition;
using InferScope.Model;
using InferScope.TestSupport;

namespace InferScope.Engines.Tests;

/// <summary>
/// Builds payloads for the tests: from the engine fixtures, or from small exposition texts.
/// </summary>
internal static class Payloads
{
    public static ScrapePayload Fixture(string fileName) =>
        Parse(File.ReadAllText(SharedData.PathOf("fixtures", "engines", fileName)));

    // TODO: parse with ExpositionParser.Parse once the exposition parser is on main; this reader
    // covers only the Prometheus text format 0.0.4 subset the fixtures use.
    public static ScrapePayload Parse(string text)
    {
        var families = new List<MetricFamily>();
        var byName = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        MetricFamily? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                var name = space < 0 ? rest : rest[..space];
                var argument = space < 0 ? "" : rest[(space + 1)..];
                var type = line[2] == 'T' ? TypeOf(argument) : (MetricType?)null;
                if (type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
                {
                    name = name[..^6];
                }

                current = FamilyFor(name, families, byName);
                if (type is { } declared)
                {
                    current.Type = declared;
                }
                else
                {
                    current.Help = argument;
                }

                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var point = ParseSample(line);
            var sampleName = point.Labels.MetricName;
            if (current is null || !BelongsTo(sampleName, current))
            {
                current = FamilyFor(sampleName, families, byName);
            }

            current.Points.Add(point);
        }

        return new ScrapePayload(ExpositionFormat.PrometheusText, families);
    }

    private static bool BelongsTo(string sampleName, MetricFamily family)
    {
        if (sampleName == family.Name)
        {
            return true;
        }

        string[] suffixes = family.Type switch
        {
            MetricType.Counter => ["_total", "_created"],
            MetricType.Histogram => ["_bucket", "_sum", "_count", "_created"],
            MetricType.Summary => ["_sum", "_count", "_created"],
            _ => [],
        };
        return suffixes.Any(s => sampleName == family.Name + s);
    }

    private static MetricFamily FamilyFor(string name, List<MetricFamily> families, Dictionary<string, MetricFamily> byName)
    {
        if (!byName.TryGetValue(name, out var family))
        {
            family = new MetricFamily(name, MetricType.Unknown);
            byName.Add(name, family);
            families.Add(family);
        }

        return family;
    }

    private static MetricType TypeOf(string text) => text.Trim() switch
    {
        "counter" => MetricType.Counter,
        "gauge" => MetricType.Gauge,
        "histogram" => MetricType.Histogram,
        "summary" => MetricType.Summary,
        _ => MetricType.Unknown,
    };

    private static MetricPoint ParseSample(string line)
    {
        var labels = new List<Label>();
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        labels.Add(new Label(LabelNames.MetricName, line[..i]));
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var name = line[i..equals].Trim(' ', ',');
                i = equals + 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                labels.Add(new Label(name, value.ToString()));
                while (line[i] == ',' || line[i] == ' ')
                {
                    i++;
                }
            }

            i++;
        }

        var fields = line[i..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var other => double.Parse(other, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        long? timestamp = fields.Length > 1 ? long.Parse(fields[1], CultureInfo.InvariantCulture) : null;
        return new MetricPoint(Labels.From(labels), number, timestamp);
    }
}

using System.Globalization;
using System.Text;
using InferScope.Exposition;
using InferScope.Ingestion.Pipeline;
using InferScope.Model;

namespace InferScope.Ingestion.Tests.Support;

/// <summary>
/// A small Prometheus text decoder for tests: HELP, TYPE, samples with labels and optional
/// timestamps. The product's decoder is the Exposition parser.
/// </summary>
internal sealed class TestTextDecoder : IPayloadDecoder
{
    private static readonly string[] Suffixes = ["_total", "_bucket", "_sum", "_count", "_created"];

    public List<string?> ContentTypes { get; } = [];

    public ScrapePayload Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        ContentTypes.Add(contentType);
        var families = new List<MetricFamily>();
        var byName = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        var lines = Encoding.UTF8.GetString(body).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line == "# EOF")
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 4 && parts[1] == "TYPE")
                {
                    Family(parts[2]).Type = ParseType(parts[3]);
                }
                else if (parts.Length >= 4 && parts[1] == "HELP")
                {
                    Family(parts[2]).Help = parts[3];
                }

                continue;
            }

            var point = ParseSample(line, n + 1);
            var name = point.Labels.MetricName;
            var family = byName.GetValueOrDefault(name) ?? Suffixes
                .Where(s => name.EndsWith(s, StringComparison.Ordinal))
                .Select(s => byName.GetValueOrDefault(name[..^s.Length]))
                .FirstOrDefault(f => f is not null) ?? Family(name);
            family.Points.Add(point);
        }

        return new ScrapePayload(ExpositionFormat.PrometheusText, families);

        MetricFamily Family(string name)
        {
            if (!byName.TryGetValue(name, out var family))
            {
                family = new MetricFamily(name, MetricType.Unknown);
                byName[name] = family;
                families.Add(family);
            }

            return family;
        }
    }

    private static MetricType ParseType(string type) => type switch
    {
        "counter" => MetricType.Counter,
        "gauge" => MetricType.Gauge,
        "histogram" => MetricType.Histogram,
        "summary" => MetricType.Summary,
        _ => MetricType.Unknown,
    };

    private static MetricPoint ParseSample(string line, int lineNumber)
    {
        var builder = new LabelsBuilder();
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string rest;
        if (brace >= 0 && (space < 0 || brace < space))
        {
            builder.Set(LabelNames.MetricName, line[..brace]);
            var close = line.IndexOf('}', brace);
            if (close < 0)
            {
                throw new FormatException($"line {lineNumber}: missing '}}'");
            }

            foreach (var pair in line[(brace + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                builder.Set(pair[..eq].Trim(), pair[(eq + 1)..].Trim().Trim('"'));
            }

            rest = line[(close + 1)..].Trim();
        }
        else
        {
            if (space < 0)
            {
                throw new FormatException($"line {lineNumber}: expected a value after the metric name");
            }

            builder.Set(LabelNames.MetricName, line[..space]);
            rest = line[(space + 1)..].Trim();
        }

        var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"line {lineNumber}: invalid value \"{rest}\"");
        }

        long? timestamp = fields.Length > 1 ? long.Parse(fields[1], CultureInfo.InvariantCulture) : null;
        return new MetricPoint(builder.Build(), value, timestamp);
    }
}

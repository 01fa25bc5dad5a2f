using System.Globalization;

namespace InferScope.Simulation.Tests;

/// <summary>
/// The shape of a text exposition, read line by line: each family's type, label names (without
/// <c>le</c> and <c>quantile</c>) and histogram bucket bounds. It is deliberately small; it only
/// has to read well-formed text 0.0.4.
/// </summary>
internal sealed class ExpositionShape
{
    public Dictionary<string, FamilyShape> Families { get; } = new(StringComparer.Ordinal);

    /// <summary>Sample names that belong to no declared family (payloads without TYPE lines).</summary>
    public HashSet<string> UntypedSamples { get; } = new(StringComparer.Ordinal);

    public static ExpositionShape Parse(string text)
    {
        var shape = new ExpositionShape();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                shape.Families[parts[2]] = new FamilyShape(parts[2], parts[3]);
                continue;
            }

            if (line[0] == '#')
            {
                continue;
            }

            var (name, labels) = SplitSample(line);
            var family = shape.FindFamily(name);
            if (family is null)
            {
                shape.UntypedSamples.Add(name);
                continue;
            }

            foreach (var (labelName, value) in labels)
            {
                if (labelName == "le")
                {
                    if (value != "+Inf" && family.Buckets.Count < 100_000)
                    {
                        var bound = double.Parse(value, CultureInfo.InvariantCulture);
                        if (!family.Buckets.Contains(bound))
                        {
                            family.Buckets.Add(bound);
                        }
                    }
                }
                else if (labelName != "quantile")
                {
                    family.LabelNames.Add(labelName);
                }
            }

            family.SampleCount++;
        }

        return shape;
    }

    private FamilyShape? FindFamily(string sampleName)
    {
        if (Families.TryGetValue(sampleName, out var family))
        {
            return family;
        }

        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && Families.TryGetValue(sampleName[..^suffix.Length], out family)
                && family.Type is "histogram" or "summary")
            {
                return family;
            }
        }

        return null;
    }

    private static (string Name, List<(string, string)> Labels) SplitSample(string line)
    {
        var labels = new List<(string, string)>();
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || brace > space)
        {
            return (line[..space], labels);
        }

        var name = line[..brace];
        var i = brace + 1;
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var labelName = line[i..equals];
            var start = equals + 2;
            var end = start;
            while (line[end] != '"')
            {
                end += line[end] == '\\' ? 2 : 1;
            }

            labels.Add((labelName, line[start..end]));
            i = end + 1;
            if (line[i] == ',')
            {
                i++;
            }
        }

        return (name, labels);
    }
}

internal sealed class FamilyShape(string name, string type)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public SortedSet<string> LabelNames { get; } = new(StringComparer.Ordinal);

    public List<double> Buckets { get; } = [];

    public int SampleCount { get; set; }
}

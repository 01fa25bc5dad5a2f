using System.Globalization;

namespace InferScope.Simulation.Tests;

/// <summary>Reads the samples of a text exposition, for assertions on values.</summary>
internal sealed class SampleReader
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> samples = [];

    public static SampleReader Parse(string text)
    {
        var reader = new SampleReader();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var head = line[..space];
            var value = line[(space + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var brace = head.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? head : head[..brace];
            if (brace >= 0)
            {
                foreach (var pair in head[(brace + 1)..^1].Split("\","))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..equals]] = pair[(equals + 2)..].TrimEnd('"');
                }
            }

            reader.samples.Add((name, labels, value));
        }

        return reader;
    }

    /// <summary>Sums the samples named <paramref name="name"/> whose labels include every given pair.</summary>
    public double Sum(string name, params (string Name, string Value)[] match) =>
        samples.Where(s => s.Name == name && match.All(m => s.Labels.TryGetValue(m.Name, out var v) && v == m.Value))
            .Sum(s => s.Value);

    public bool Has(string name) => samples.Any(s => s.Name == name);
}

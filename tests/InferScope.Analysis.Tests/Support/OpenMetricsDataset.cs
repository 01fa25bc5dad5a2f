using System.Globalization;
using System.Text;
using InferScope.Model;

namespace InferScope.Analysis.Tests.Support;

/// <summary>
/// Builds series sample by sample over a time range and writes them as OpenMetrics text, the
/// input of <c>promtool tsdb create-blocks-from openmetrics</c>. Histograms get deterministic
/// observations: each step's requests spread evenly over <see cref="Spread"/> times a typical value.
/// </summary>
internal sealed class OpenMetricsDataset(DateTimeOffset start, DateTimeOffset end, TimeSpan step)
{
    /// <summary>The multipliers of a histogram's typical value that its observations take, in equal shares.</summary>
    public static readonly double[] Spread = [0.5, 0.7, 0.8, 0.9, 1.0, 1.0, 1.1, 1.2, 1.5, 2.0];

    public static readonly double[] LatencyBounds =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    public static readonly double[] TokenLatencyBounds =
        [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    private readonly Dictionary<string, List<(long Ms, double Value)>> series = new(StringComparer.Ordinal);

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset End { get; } = end;

    public TimeSpan Step { get; } = step;

    public IEnumerable<DateTimeOffset> Times()
    {
        for (var t = Start; t <= End; t += Step)
        {
            yield return t;
        }
    }

    public void Gauge(string name, Labels labels, Func<DateTimeOffset, double?> value)
    {
        foreach (var t in Times())
        {
            if (value(t) is { } v)
            {
                Add(name, labels, t, v);
            }
        }
    }

    /// <summary>A counter that grows by <paramref name="ratePerSecond"/> per second.</summary>
    public void Counter(string name, Labels labels, Func<DateTimeOffset, double> ratePerSecond)
    {
        var total = 0.0;
        foreach (var t in Times())
        {
            total += ratePerSecond(t) * Step.TotalSeconds;
            Add(name, labels, t, total);
        }
    }

    /// <summary>A histogram receiving <c>rate</c> requests per second whose values spread around <c>typical</c>.</summary>
    public void Histogram(string name, Labels labels, double[] bounds, Func<DateTimeOffset, (double Rate, double Typical)> load)
    {
        var buckets = new double[bounds.Length + 1];
        double count = 0, sum = 0;
        foreach (var t in Times())
        {
            var (rate, typical) = load(t);
            var perShare = rate * Step.TotalSeconds / Spread.Length;
            foreach (var multiplier in Spread)
            {
                var observed = typical * multiplier;
                for (var b = 0; b < bounds.Length; b++)
                {
                    if (observed <= bounds[b])
                    {
                        buckets[b] += perShare;
                    }
                }

                buckets[^1] += perShare;
                sum += observed * perShare;
            }

            count += rate * Step.TotalSeconds;
            for (var b = 0; b <= bounds.Length; b++)
            {
                var le = b < bounds.Length ? bounds[b].ToString("0.0##", CultureInfo.InvariantCulture) : "+Inf";
                Add(name + "_bucket", labels.ToBuilder().Set("le", le).Build(), t, buckets[b]);
            }

            Add(name + "_count", labels, t, count);
            Add(name + "_sum", labels, t, sum);
        }
    }

    public void Add(string name, Labels labels, DateTimeOffset time, double value)
    {
        var pairs = labels.Where(l => l.Name != LabelNames.MetricName).Select(l => $"{l.Name}=\"{LabelText.EscapeValue(l.Value)}\"");
        var key = labels.Count == 0 ? name : name + "{" + string.Join(",", pairs) + "}";
        if (!series.TryGetValue(key, out var points))
        {
            points = [];
            series[key] = points;
        }

        points.Add((time.ToUnixTimeMilliseconds(), value));
    }

    public void WriteTo(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (var (key, points) in series.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (ms, value) in points)
            {
                writer.Write(key);
                writer.Write(' ');
                writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write((ms / 1000.0).ToString("R", CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }

        writer.Write("# EOF\n");
    }
}

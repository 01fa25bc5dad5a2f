using System.Globalization;

namespace InferScope.Server.Telemetry;

/// <summary>A classic histogram with fixed upper bounds, safe to observe from many threads.</summary>
public sealed class Histogram
{
    /// <summary>Bounds in seconds for request and query durations, from 1 ms to 60 s.</summary>
    public static readonly double[] DurationBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly double[] bounds;
    private readonly long[] counts;
    private readonly Lock gate = new();
    private double sum;
    private long count;

    public Histogram(double[] bounds)
    {
        this.bounds = bounds ?? throw new ArgumentNullException(nameof(bounds));
        counts = new long[bounds.Length];
    }

    public void Observe(double value)
    {
        lock (gate)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                if (value <= bounds[i])
                {
                    counts[i]++;
                }
            }

            sum += value;
            count++;
        }
    }

    /// <summary>Writes the <c>_bucket</c>, <c>_sum</c> and <c>_count</c> samples with the given labels.</summary>
    public void Write(MetricsTextWriter writer, string name, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (gate)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                writer.WriteSample(name + "_bucket", counts[i], [.. labels, ("le", bounds[i].ToString("R", CultureInfo.InvariantCulture))]);
            }

            writer.WriteSample(name + "_bucket", count, [.. labels, ("le", "+Inf")]);
            writer.WriteSample(name + "_sum", sum, labels);
            writer.WriteSample(name + "_count", count, labels);
        }
    }
}

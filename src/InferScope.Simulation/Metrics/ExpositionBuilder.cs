using System.Globalization;
using System.Text;
using InferScope.Model;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// Writes Prometheus text format 0.0.4 with the label order and number style of one exporter.
/// Labels are written in the order given, so each writer controls the order its real exporter uses.
/// </summary>
public sealed class ExpositionBuilder
{
    private readonly StringBuilder text = new();

    public ExpositionBuilder(FloatStyle style)
    {
        Style = style;
    }

    public FloatStyle Style { get; }

    public ExpositionBuilder Family(string name, MetricType type, string? help)
    {
        if (help is not null)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        }

        text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(type)).Append('\n');
        return this;
    }

    public ExpositionBuilder BlankLine()
    {
        text.Append('\n');
        return this;
    }

    public ExpositionBuilder Sample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value) =>
        Sample(name, labels, value, Style);

    public ExpositionBuilder Sample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value, FloatStyle style)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(labels[i].Name).Append("=\"").Append(LabelText.EscapeValue(labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(FloatText.Format(value, style)).Append('\n');
        return this;
    }

    /// <summary>
    /// Writes a histogram's samples. <paramref name="labels"/> are the series labels; <c>le</c> goes
    /// at <paramref name="leIndex"/> among them (prometheus_client sorts it in, Rust appends it).
    /// </summary>
    public ExpositionBuilder Histogram(
        string name,
        ReadOnlySpan<(string Name, string Value)> labels,
        Histogram histogram,
        int leIndex,
        HistogramOrder order = HistogramOrder.BucketsCountSum)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (order == HistogramOrder.SumBucketsCount)
        {
            Sample(name + "_sum", labels, histogram.Sum);
        }

        var withLe = new (string Name, string Value)[labels.Length + 1];
        for (int i = 0, j = 0; i < withLe.Length; i++)
        {
            withLe[i] = i == leIndex ? ("le", string.Empty) : labels[j++];
        }

        for (var b = 0; b <= histogram.Bounds.Length; b++)
        {
            withLe[leIndex] = ("le", b == histogram.Bounds.Length ? "+Inf" : FormatBound(histogram.Bounds[b]));
            Sample(name + "_bucket", withLe, histogram.CumulativeCount(b));
        }

        if (order == HistogramOrder.BucketsCountSum)
        {
            Sample(name + "_count", labels, histogram.Count);
            Sample(name + "_sum", labels, histogram.Sum);
        }
        else if (order == HistogramOrder.BucketsSumCount)
        {
            Sample(name + "_sum", labels, histogram.Sum);
            Sample(name + "_count", labels, histogram.Count);
        }
        else
        {
            Sample(name + "_count", labels, histogram.Count);
        }

        return this;
    }

    public override string ToString() => text.ToString();

    private string FormatBound(double bound) => FloatText.Format(bound, Style is FloatStyle.Python or FloatStyle.Rust ? Style : FloatStyle.Go);

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        MetricType.Summary => "summary",
        _ => "untyped",
    };
}

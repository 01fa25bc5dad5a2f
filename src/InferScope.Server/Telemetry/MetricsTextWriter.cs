using System.Globalization;
using System.Text;
using InferScope.Model;

namespace InferScope.Server.Telemetry;

/// <summary>Writes families in the Prometheus text format 0.0.4.</summary>
public sealed class MetricsTextWriter
{
    /// <summary>The Content-Type of the output.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder builder = new();

    /// <summary>Writes the HELP and TYPE lines of a family.</summary>
    public void WriteFamily(string name, string type, string help)
    {
        builder.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        builder.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>Writes one sample; <paramref name="labels"/> are name and value pairs in output order.</summary>
    public void WriteSample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        builder.Append(name);
        if (labels.Length > 0)
        {
            builder.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                builder.Append(labels[i].Name).Append("=\"").Append(LabelText.EscapeValue(labels[i].Value)).Append('"');
            }

            builder.Append('}');
        }

        builder.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    /// <summary>Writes a sample of a stored series with its own timestamp, as federation does.</summary>
    public void WriteSeriesSample(Labels labels, double value, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(labels);
        builder.Append(labels.MetricName);
        var first = true;
        foreach (var label in labels)
        {
            if (label.Name == LabelNames.MetricName)
            {
                continue;
            }

            builder.Append(first ? '{' : ',');
            builder.Append(label.Name).Append("=\"").Append(LabelText.EscapeValue(label.Value)).Append('"');
            first = false;
        }

        if (!first)
        {
            builder.Append('}');
        }

        builder.Append(' ').Append(FormatValue(value)).Append(' ')
            .Append(timestampMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Writes a TYPE line without HELP, as Prometheus's federation output has.</summary>
    public void WriteType(string name, string type) =>
        builder.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    public override string ToString() => builder.ToString();

    /// <summary>Formats a value as the text format expects: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> or the shortest decimal.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

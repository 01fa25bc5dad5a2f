using System.Text.Json;
using InferScope.Analysis.Notifications;

namespace InferScope.Analysis.Comparison;

/// <summary>
/// Writes a comparison as the JSON that <c>inferscope compare --format json</c> prints: both
/// sides' figures, each a value with its 95% interval (null when it could not be computed), the
/// queries behind them, and the notes on what limits the comparison.
/// </summary>
public static class ComparisonJson
{
    public static void Write(Utf8JsonWriter writer, ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var request = report.Request;
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WriteStartObject("data");
        writer.WriteString("at", AlertJson.FormatTime(request.At));
        writer.WriteString("window", PrometheusDuration.Format(request.Window));
        writer.WriteString("step", PrometheusDuration.Format(request.Step));
        writer.WriteNumber("confidence", 0.95);
        if (request.LoadRequestsPerSecond is { } load)
        {
            writer.WriteNumber("loadRequestsPerSecond", load);
        }

        writer.WriteStartArray("sides");
        WriteSide(writer, report.A, request.A.Matchers);
        WriteSide(writer, report.B, request.B.Matchers);
        writer.WriteEndArray();
        writer.WriteStartArray("notes");
        foreach (var note in report.Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSide(Utf8JsonWriter writer, ConfigurationFigures figures, string matchers)
    {
        writer.WriteStartObject();
        writer.WriteString("name", figures.Name);
        writer.WriteString("matchers", matchers);
        writer.WriteNumber("intervals", figures.Intervals);
        WriteEstimate(writer, "ttftP50Seconds", figures.TtftP50);
        WriteEstimate(writer, "ttftP99Seconds", figures.TtftP99);
        WriteEstimate(writer, "itlP50Seconds", figures.ItlP50);
        WriteEstimate(writer, "itlP99Seconds", figures.ItlP99);
        WriteEstimate(writer, "outputTokensPerSecondPerInstance", figures.OutputTokensPerSecondPerInstance);
        WriteEstimate(writer, "goodputPerInstance", figures.GoodputPerInstance);
        WriteEstimate(writer, "instancesNeeded", figures.InstancesNeeded);
        writer.WriteStartArray("queries");
        foreach (var query in figures.Queries)
        {
            writer.WriteStringValue(query);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEstimate(Utf8JsonWriter writer, string name, Estimate estimate)
    {
        if (!estimate.IsKnown)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        WriteNumber(writer, "value", estimate.Value);
        WriteNumber(writer, "lower", estimate.Lower);
        WriteNumber(writer, "upper", estimate.Upper);
        if (estimate.Bound != QuantileBound.None)
        {
            // The quantile lies in the first or the +Inf bucket, so the value is only a bound.
            writer.WriteString("bound", estimate.Bound == QuantileBound.AtMost ? "at_most" : "at_least");
        }

        writer.WriteEndObject();
    }

    // JSON has no infinity: an unbounded interval end is null.
    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

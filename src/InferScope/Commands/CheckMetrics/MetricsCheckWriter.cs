using System.Text;
using System.Text.Json;
using InferScope.Engines;
using InferScope.Engines.Adapters;
using InferScope.Exposition;
using InferScope.Model;

namespace InferScope.Commands.CheckMetrics;

/// <summary>Formats <c>check-metrics</c> reports as text for people or JSON for scripts.</summary>
internal static class MetricsCheckWriter
{
    public static void WriteText(TextWriter output, IReadOnlyList<MetricsCheckReport> reports)
    {
        for (var i = 0; i < reports.Count; i++)
        {
            if (i > 0)
            {
                output.WriteLine();
            }

            WriteText(output, reports[i]);
        }
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<MetricsCheckReport> reports)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var report in reports)
            {
                WriteJson(writer, report);
            }

            writer.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteText(TextWriter output, MetricsCheckReport report)
    {
        output.WriteLine(report.Source);
        if (report.Error is not null)
        {
            output.WriteLine($"  error: {report.Error}");
            return;
        }

        var result = report.Result!;
        output.WriteLine($"  format: {report.Format}");
        output.WriteLine($"  engine: {result.Engine.ToLabelValue()} ({(result.Detected ? "detected" : "as given")})");
        output.WriteLine($"  families: {report.Families}, samples: {report.Samples}");
        output.WriteLine($"  unified metrics: {result.Unified.Count}");
        foreach (var family in result.Unified)
        {
            var samples = family.Points.Count == 1 ? "1 sample" : $"{family.Points.Count} samples";
            output.WriteLine($"    {QueriedName(family)} ({samples})");
        }

        output.WriteLine($"  deprecated names: {(result.DeprecatedNames.Count == 0 ? "none" : result.DeprecatedNames.Count)}");
        foreach (var name in result.DeprecatedNames)
        {
            var note = DeprecationNote(result.Engine, name);
            output.WriteLine(note is null ? $"    {name}" : $"    {name} ({note})");
        }

        output.WriteLine($"  missing core metrics: {(result.Missing.Count == 0 ? "none" : result.Missing.Count)}");
        foreach (var missing in result.Missing)
        {
            output.WriteLine($"    {missing.Name} ({Describe(missing.Reason)})");
        }

        output.WriteLine($"  problems: {(result.Problems.Count == 0 ? "none" : result.Problems.Count)}");
        foreach (var problem in result.Problems)
        {
            output.WriteLine($"    {problem}");
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, MetricsCheckReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("source", report.Source);
        if (report.Error is not null)
        {
            writer.WriteString("error", report.Error);
            writer.WriteEndObject();
            return;
        }

        var result = report.Result!;
        writer.WriteNull("error");
        writer.WriteString("format", report.Format);
        writer.WriteString("engine", result.Engine.ToLabelValue());
        writer.WriteBoolean("detected", result.Detected);
        writer.WriteNumber("families", report.Families);
        writer.WriteNumber("samples", report.Samples);
        writer.WriteStartArray("unified");
        foreach (var family in result.Unified)
        {
            writer.WriteStartObject();
            writer.WriteString("name", QueriedName(family));
            writer.WriteString("type", family.Type.ToString().ToLowerInvariant());
            writer.WriteNumber("samples", family.Points.Count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("deprecated");
        foreach (var name in result.DeprecatedNames)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            var note = DeprecationNote(result.Engine, name);
            if (note is null)
            {
                writer.WriteNull("note");
            }
            else
            {
                writer.WriteString("note", note);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("missing");
        foreach (var missing in result.Missing)
        {
            writer.WriteStartObject();
            writer.WriteString("name", missing.Name);
            writer.WriteString("reason", missing.Reason == MissingReason.NotProvidedByEngine ? "not_provided_by_engine" : "absent_from_payload");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("problems");
        foreach (var problem in result.Problems)
        {
            writer.WriteStringValue(problem);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string QueriedName(MetricFamily family) =>
        family.Type == MetricType.Counter ? family.Name + "_total" : family.Name;

    private static string? DeprecationNote(EngineKind engine, string name) =>
        engine == EngineKind.Unknown ? null : EngineAdapters.For(engine).Rules.DeprecationNoteOf(name);

    private static string Describe(MissingReason reason) => reason == MissingReason.NotProvidedByEngine
        ? "the engine does not export it"
        : "absent from this payload";
}

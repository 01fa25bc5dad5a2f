using System.Text.Json;
using InferScope.Analysis.Notifications;

namespace InferScope.Analysis.Diagnosis;

/// <summary>
/// Writes a diagnosis report as the JSON that <c>GET /api/inferscope/v1/findings</c> and
/// <c>inferscope diagnose --format json</c> return: <c>status</c>, then <c>data</c> with the
/// request and the ranked findings, each with its evidence queries and their values.
/// </summary>
public static class FindingsJson
{
    public static void Write(Utf8JsonWriter writer, DiagnosisReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WriteStartObject("data");
        writer.WriteString("at", AlertJson.FormatTime(report.Request.At));
        writer.WriteString("window", PrometheusDuration.Format(report.Request.Window));
        if (report.Request.Endpoint is not null)
        {
            writer.WriteString("endpoint", report.Request.Endpoint);
        }

        writer.WriteNumber("queries", report.QueryCount);
        writer.WriteStartArray("findings");
        var rank = 1;
        foreach (var finding in report.Findings)
        {
            WriteFinding(writer, finding, rank++);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter writer, Finding finding, int rank)
    {
        writer.WriteStartObject();
        writer.WriteNumber("rank", rank);
        writer.WriteString("cause", finding.Cause.Id());
        writer.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
        writer.WriteStartObject("scope");
        WriteOptional(writer, "endpoint", finding.Scope.Endpoint);
        WriteOptional(writer, "az", finding.Scope.Az);
        WriteOptional(writer, "instance", finding.Scope.Instance);
        WriteOptional(writer, "gpu", finding.Scope.Gpu);
        writer.WriteEndObject();
        writer.WriteString("summary", finding.Summary);
        writer.WriteString("action", finding.Action);
        WriteOptional(writer, "blinds", finding.Blinds);
        writer.WriteNumber("score", Math.Round(finding.Score, 2));
        writer.WriteStartArray("evidence");
        foreach (var evidence in finding.Evidence)
        {
            writer.WriteStartObject();
            writer.WriteString("query", evidence.Expression);
            writer.WriteString("time", AlertJson.FormatTime(evidence.Time));
            WriteOptional(writer, "error", evidence.Error);
            writer.WriteStartArray("values");
            foreach (var value in evidence.Values)
            {
                writer.WriteStartObject();
                AlertJson.WriteLabels(writer, "metric", value.Labels);
                writer.WriteString("value", GoNumberFormat.FormatShortest(value.Value));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

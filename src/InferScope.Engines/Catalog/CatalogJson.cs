using System.Text.Json;

namespace InferScope.Engines.Catalog;

/// <summary>Writes the unified catalog as a JSON array, one object per metric.</summary>
public static class CatalogJson
{
    /// <summary>
    /// Writes the catalog: each object has <c>name</c>, <c>type</c>, <c>unit</c>, <c>group</c>,
    /// <c>scope</c>, <c>labels</c>, <c>meaning</c>, <c>otel_name</c>, <c>producer</c>, <c>core</c> and
    /// <c>sources</c> (an array of <c>engine</c>, <c>source</c>, <c>conversion</c>, <c>deprecated</c>).
    /// </summary>
    public static void Write(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var metric in UnifiedCatalog.All)
        {
            writer.WriteStartObject();
            writer.WriteString("name", metric.Name);
            writer.WriteString("type", CatalogMarkdown.TypeName(metric.Type));
            writer.WriteString("unit", metric.Unit);
            writer.WriteString("group", metric.Group.ToString().ToLowerInvariant());
            writer.WriteString("scope", metric.Scope.ToString().ToLowerInvariant());
            writer.WriteStartArray("labels");
            foreach (var label in metric.Labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
            writer.WriteString("meaning", metric.Meaning);
            WriteNullable(writer, "otel_name", metric.OpenTelemetryName);
            WriteNullable(writer, "producer", metric.Producer);
            writer.WriteBoolean("core", metric.Core);
            writer.WriteStartArray("sources");
            foreach (var source in metric.Sources)
            {
                writer.WriteStartObject();
                writer.WriteString("engine", source.Engine.ToLabelValue());
                writer.WriteString("source", source.Expression);
                writer.WriteString("conversion", source.Conversion);
                writer.WriteBoolean("deprecated", source.Deprecated);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

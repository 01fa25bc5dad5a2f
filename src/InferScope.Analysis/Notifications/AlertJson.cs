using System.Globalization;
using System.Text.Json;
using InferScope.Model;

namespace InferScope.Analysis.Notifications;

/// <summary>Writes alerts in the JSON shape of Alertmanager's v2 API <c>postableAlert</c>.</summary>
internal static class AlertJson
{
    public static void WriteAlert(Utf8JsonWriter writer, AlertNotification alert)
    {
        writer.WriteStartObject();
        WriteLabels(writer, "labels", alert.Labels);
        WriteLabels(writer, "annotations", alert.Annotations);
        writer.WriteString("startsAt", FormatTime(alert.StartsAt));
        writer.WriteString("endsAt", FormatTime(alert.EndsAt));
        writer.WriteString("generatorURL", alert.GeneratorUrl);
        writer.WriteEndObject();
    }

    public static void WriteLabels(Utf8JsonWriter writer, string propertyName, Labels labels)
    {
        writer.WriteStartObject(propertyName);
        foreach (var label in labels)
        {
            writer.WriteString(label.Name, label.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>RFC 3339 in UTC with millisecond precision, as Prometheus sends it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using InferScope.Analysis.Notifications;

namespace InferScope.Analysis.Rules;

/// <summary>
/// Writes rule and alert state in the JSON shape of Prometheus's <c>/api/v1/rules</c> and
/// <c>/api/v1/alerts</c>, so Grafana and other Prometheus clients read it unchanged.
/// </summary>
public static class RulesApiJson
{
    private const string NeverEvaluated = "0001-01-01T00:00:00Z";

    /// <param name="kind">Only rules of this kind, as the API's <c>type=alert|record</c> parameter selects; null for all.</param>
    public static void WriteRules(Utf8JsonWriter writer, IEnumerable<RuleGroupStatus> groups, RuleKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(groups);
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WriteStartObject("data");
        writer.WriteStartArray("groups");
        foreach (var group in groups)
        {
            writer.WriteStartObject();
            writer.WriteString("name", group.Definition.Name);
            writer.WriteString("file", group.Definition.File);
            writer.WriteStartArray("rules");
            foreach (var rule in group.Rules.Where(r => kind is null || r.Definition.Kind == kind))
            {
                WriteRule(writer, rule);
            }

            writer.WriteEndArray();
            writer.WriteNumber("interval", group.Interval.TotalSeconds);
            writer.WriteNumber("limit", group.Definition.Limit);
            writer.WriteNumber("evaluationTime", group.EvaluationDuration.TotalSeconds);
            writer.WriteString("lastEvaluation", FormatTime(group.LastEvaluation));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteAlerts(Utf8JsonWriter writer, IEnumerable<Alert> alerts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(alerts);
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WriteStartObject("data");
        writer.WriteStartArray("alerts");
        foreach (var alert in alerts)
        {
            WriteAlert(writer, alert);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, RuleStatus rule)
    {
        var definition = rule.Definition;
        writer.WriteStartObject();
        if (definition.Kind == RuleKind.Alerting)
        {
            writer.WriteString("state", StateName(rule.State));
        }

        writer.WriteString("name", definition.Name);
        writer.WriteString("query", definition.Expression);
        if (definition.Kind == RuleKind.Alerting)
        {
            writer.WriteNumber("duration", definition.For.TotalSeconds);
            writer.WriteNumber("keepFiringFor", definition.KeepFiringFor.TotalSeconds);
        }

        WriteMap(writer, "labels", definition.Labels);
        if (definition.Kind == RuleKind.Alerting)
        {
            WriteMap(writer, "annotations", definition.Annotations);
            writer.WriteStartArray("alerts");
            foreach (var alert in rule.Alerts)
            {
                WriteAlert(writer, alert);
            }

            writer.WriteEndArray();
        }

        writer.WriteString("health", rule.Health.ToString().ToLowerInvariant());
        if (rule.LastError is not null)
        {
            writer.WriteString("lastError", rule.LastError);
        }

        writer.WriteNumber("evaluationTime", rule.EvaluationDuration.TotalSeconds);
        writer.WriteString("lastEvaluation", FormatTime(rule.LastEvaluation));
        writer.WriteString("type", definition.Kind == RuleKind.Alerting ? "alerting" : "recording");
        writer.WriteEndObject();
    }

    private static void WriteAlert(Utf8JsonWriter writer, Alert alert)
    {
        writer.WriteStartObject();
        AlertJson.WriteLabels(writer, "labels", alert.Labels);
        AlertJson.WriteLabels(writer, "annotations", alert.Annotations);
        writer.WriteString("state", StateName(alert.State));
        writer.WriteString("activeAt", FormatTime(alert.ActiveAt));
        if (alert.KeepFiringSince is { } since)
        {
            writer.WriteString("keepFiringSince", FormatTime(since));
        }

        writer.WriteString("value", GoNumberFormat.FormatExponentShortest(alert.Value));
        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static string StateName(AlertState state) => state.ToString().ToLowerInvariant();

    private static string FormatTime(DateTimeOffset? time) => time is { } value
        ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
        : NeverEvaluated;
}

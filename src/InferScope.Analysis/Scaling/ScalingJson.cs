using System.Text.Json;
using InferScope.Analysis.Notifications;

namespace InferScope.Analysis.Scaling;

/// <summary>
/// Writes scaling advice as <c>GET /api/inferscope/v1/scaling</c> returns it, and as the
/// single-endpoint document a KEDA <c>metrics-api</c> trigger reads: point the trigger's
/// <c>url</c> at <c>/api/inferscope/v1/scaling/keda?endpoint=NAME</c>, set
/// <c>valueLocation: desiredInstances</c>, and use the AverageValue metric type with
/// <c>targetValue: "1"</c>, so the replica count equals the desired count.
/// </summary>
public static class ScalingJson
{
    public static void Write(Utf8JsonWriter writer, IEnumerable<ScalingAdvice> advice)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(advice);
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WriteStartObject("data");
        writer.WriteStartArray("endpoints");
        foreach (var item in advice)
        {
            writer.WriteStartObject();
            writer.WriteString("endpoint", item.Endpoint);
            WriteNumber(writer, "currentInstances", item.CurrentInstances);
            WriteNumber(writer, "desiredInstances", item.DesiredInstances);
            WriteNumber(writer, "desiredByKvCacheUsage", item.DesiredByKvUsage);
            WriteNumber(writer, "desiredByQueue", item.DesiredByQueue);
            WriteNumber(writer, "kvCacheUsage", item.KvUsage);
            WriteNumber(writer, "waitingPerInstance", item.WaitingPerInstance);
            if (item.QueueBuildsAt is { } builds)
            {
                writer.WriteString("queueBuildsAt", AlertJson.FormatTime(builds));
            }

            if (item.CooldownUntil is { } until)
            {
                writer.WriteString("cooldownUntil", AlertJson.FormatTime(until));
            }

            writer.WriteBoolean("advised", item.DesiredInstances is not null);
            writer.WriteString("reason", item.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the KEDA document for one endpoint. Without advice it has <c>error</c> and no
    /// <c>desiredInstances</c>; the server should then respond with 503 so KEDA applies its fallback.
    /// </summary>
    public static void WriteKeda(Utf8JsonWriter writer, ScalingAdvice advice)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(advice);
        writer.WriteStartObject();
        writer.WriteString("endpoint", advice.Endpoint);
        if (advice.DesiredInstances is { } desired)
        {
            writer.WriteNumber("desiredInstances", desired);
            WriteNumber(writer, "currentInstances", advice.CurrentInstances);
        }
        else
        {
            writer.WriteString("error", advice.Reason);
        }

        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            writer.WriteNumber(name, Math.Round(number, 6));
        }
    }
}

using System.Net.Http.Headers;
using System.Text.Json;

namespace InferScope.Analysis.Notifications;

/// <summary>
/// Posts alerts to a generic webhook as one JSON object: <c>version</c> ("1"), <c>status</c>
/// ("firing" when any alert fires, else "resolved"), <c>receiver</c> and <c>alerts</c>, where
/// each alert has <c>status</c>, <c>labels</c>, <c>annotations</c>, <c>startsAt</c>,
/// <c>endsAt</c> and <c>generatorURL</c>. The shape follows Alertmanager's webhook payload, so
/// receivers written for Alertmanager can read it.
/// </summary>
public sealed class WebhookSender(HttpClient client, Uri url, string receiver = "inferscope") : IAlertSender
{
    public string Name => url.AbsoluteUri;

    public async Task SendAsync(IReadOnlyList<AlertNotification> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1");
            writer.WriteString("status", alerts.Any(a => !a.Resolved) ? "firing" : "resolved");
            writer.WriteString("receiver", receiver);
            writer.WriteStartArray("alerts");
            foreach (var alert in alerts)
            {
                writer.WriteStartObject();
                writer.WriteString("status", alert.Resolved ? "resolved" : "firing");
                AlertJson.WriteLabels(writer, "labels", alert.Labels);
                AlertJson.WriteLabels(writer, "annotations", alert.Annotations);
                writer.WriteString("startsAt", AlertJson.FormatTime(alert.StartsAt));
                writer.WriteString("endsAt", AlertJson.FormatTime(alert.EndsAt));
                writer.WriteString("generatorURL", alert.GeneratorUrl);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Webhook {url} rejected {alerts.Count} alert(s) with HTTP {(int)response.StatusCode}.",
                null,
                response.StatusCode);
        }
    }
}

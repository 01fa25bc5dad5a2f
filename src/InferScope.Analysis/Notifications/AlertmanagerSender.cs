using System.Net.Http.Headers;
using System.Text.Json;

namespace InferScope.Analysis.Notifications;

/// <summary>
/// Sends alerts to an Alertmanager through its v2 API, <c>POST /api/v2/alerts</c> with a JSON
/// array of alerts. Alertmanager groups, silences and routes them from there.
/// </summary>
public sealed class AlertmanagerSender : IAlertSender
{
    private readonly HttpClient client;
    private readonly Uri alertsUri;

    /// <param name="baseAddress">Alertmanager's address, such as <c>http://127.0.0.1:9093/</c>; a path prefix is kept.</param>
    public AlertmanagerSender(HttpClient client, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.client = client;
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        alertsUri = new Uri(root, "api/v2/alerts");
    }

    public string Name => alertsUri.AbsoluteUri;

    public async Task SendAsync(IReadOnlyList<AlertNotification> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartArray();
            foreach (var alert in alerts)
            {
                AlertJson.WriteAlert(writer, alert);
            }

            writer.WriteEndArray();
        }

        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(alertsUri, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException(
                $"Alertmanager at {alertsUri} rejected {alerts.Count} alert(s) with HTTP {(int)response.StatusCode}: {text.Trim()}",
                null,
                response.StatusCode);
        }
    }
}

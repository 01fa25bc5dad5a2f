using System.Globalization;
using System.Text.Json;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

/// <summary>
/// serve sends the alerts its rules fire to the receivers of the configuration's alerting block: a
/// real Alertmanager 0.25 (Debian) and a webhook, and a reload switches the receivers.
/// </summary>
public sealed class AlertNotificationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(100);

    [Fact]
    public async Task Alertmanager_ReceivesFiringThenResolved()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-alerting-").FullName;
        var amPort = ChildProcess.FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "alertmanager.yml"), """
            route:
              receiver: discard
            receivers:
              - name: discard
            """);
        using var alertmanager = ChildProcess.Start(
            "/usr/bin/prometheus-alertmanager",
            $"--config.file={Path.Combine(folder, "alertmanager.yml")}",
            $"--storage.path={Path.Combine(folder, "alertmanager")}",
            $"--web.listen-address=127.0.0.1:{amPort}",
            "--cluster.listen-address=");
        using var amClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{amPort}"), Timeout = TimeSpan.FromSeconds(5) };
        await WaitForReadyAsync(amClient, alertmanager);

        var config = $"""
            global:
              external_labels:
                cluster: test-east
            rule_files: [rules.yml]
            alerting:
              alertmanager_urls: [http://127.0.0.1:{amPort}]
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yml"), "groups: []\n");
        await using var serve = await ServeInstance.StartAsync(config, folder: folder);

        // The rule goes in once the server runs, so a slow start cannot pass the resolve time.
        var resolveAt = DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds();
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yml"), RuleFile("KvCacheQueueing", resolveAt));
        await serve.ReloadAsync(config);

        var firing = await WaitForAlertmanagerAsync(amClient, alerts => alerts.Where(a => Label(a, "alertname") == "KvCacheQueueing").Select(a => (JsonElement?)a).FirstOrDefault());
        Assert.Equal("chat", Label(firing, "endpoint"));
        Assert.Equal("warning", Label(firing, "severity"));
        Assert.Equal("test-east", Label(firing, "cluster"));
        Assert.Equal("Requests queue for KV-cache room on chat", firing.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("active", firing.GetProperty("status").GetProperty("state").GetString());

        // A firing alert is valid for four resend intervals (4 minutes), so its leaving the list within
        // seconds shows that the resolved notice with its endsAt arrived.
        Assert.True(Time(firing, "endsAt") > DateTimeOffset.UtcNow.AddMinutes(2), $"endsAt of a firing alert: {firing}");
        // A resolved notice that fails on a busy machine is sent again after the one-minute resend delay, so wait past it.
        var resolved = await WaitForAlertmanagerAsync(amClient, alerts => alerts.Any(a => Label(a, "alertname") == "KvCacheQueueing") ? null : default(JsonElement), ResolveTimeout);
        Assert.Equal(JsonValueKind.Undefined, resolved.ValueKind);
    }

    [Fact]
    public async Task Webhook_GetsFiringResolvedAndFollowsReload()
    {
        await using var webhook = await WebhookReceiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("inferscope-webhook-").FullName;
        var config = $"""
            rule_files: [rules.yml]
            alerting:
              webhook_url: {webhook.BaseAddress}first
            web:
              external_url: https://inferscope.example/
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yml"), "groups: []\n");
        await using var serve = await ServeInstance.StartAsync(config, folder: folder);
        var resolveAt = DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds();
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yml"), RuleFile("KvCacheQueueing", resolveAt));
        await serve.ReloadAsync(config);

        var firing = await webhook.WaitForAsync("first", body => body.GetProperty("status").GetString() == "firing", Timeout);
        var firingAlert = Assert.Single(firing.GetProperty("alerts").EnumerateArray());
        Assert.Equal("KvCacheQueueing", Label(firingAlert, "alertname"));
        Assert.Equal("chat", Label(firingAlert, "endpoint"));
        Assert.Equal("Requests queue for KV-cache room on chat", firingAlert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.StartsWith("https://inferscope.example/graph?g0.expr=", firingAlert.GetProperty("generatorURL").GetString(), StringComparison.Ordinal);

        var resolved = await webhook.WaitForAsync("first", body => body.GetProperty("status").GetString() == "resolved", ResolveTimeout);
        var resolvedAlert = Assert.Single(resolved.GetProperty("alerts").EnumerateArray());
        Assert.Equal("resolved", resolvedAlert.GetProperty("status").GetString());
        Assert.Equal(Time(firingAlert, "startsAt"), Time(resolvedAlert, "startsAt"));
        Assert.Equal(resolveAt, Time(resolvedAlert, "endsAt").ToUnixTimeSeconds(), 1.0);

        // A reload with a new receiver and a new rule sends the next alert to the new receiver only.
        var secondResolveAt = DateTimeOffset.UtcNow.AddSeconds(60).ToUnixTimeSeconds();
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yml"), RuleFile("PreemptionStorm", secondResolveAt));
        await serve.ReloadAsync($"""
            rule_files: [rules.yml]
            alerting:
              webhook_url: {webhook.BaseAddress}second
            """);

        var second = await webhook.WaitForAsync("second", body => body.GetProperty("status").GetString() == "firing", Timeout);
        Assert.Equal("PreemptionStorm", Label(Assert.Single(second.GetProperty("alerts").EnumerateArray()), "alertname"));
        Assert.DoesNotContain(webhook.Received, r => r.Path == "first" && r.Body.ToString().Contains("PreemptionStorm", StringComparison.Ordinal));
    }

    /// <summary>A rule file whose alert fires at once and resolves at <paramref name="resolveAt"/> (Unix seconds).</summary>
    private static string RuleFile(string alertName, long resolveAt) => $$$"""
        groups:
          - name: test
            interval: 1s
            rules:
              - alert: {{{alertName}}}
                expr: label_replace(vector(time()), "endpoint", "chat", "", "") < {{{resolveAt}}}
                labels:
                  severity: warning
                annotations:
                  summary: "Requests queue for KV-cache room on {{ $labels.endpoint }}"
        """;

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;

    private static DateTimeOffset Time(JsonElement alert, string name) =>
        DateTimeOffset.Parse(alert.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static async Task WaitForReadyAsync(HttpClient client, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Alertmanager not ready within {Timeout.TotalSeconds} s. Output: {process.Output}");
    }

    /// <summary>Polls <c>/api/v2/alerts</c> until <paramref name="pick"/> returns a value other than null.</summary>
    private static async Task<JsonElement> WaitForAlertmanagerAsync(HttpClient client, Func<List<JsonElement>, JsonElement?> pick, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetStringAsync("/api/v2/alerts");
            using var document = JsonDocument.Parse(last);
            var picked = pick([.. document.RootElement.EnumerateArray().Select(e => e.Clone())]);
            if (picked is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Alertmanager did not reach the expected state within {(timeout ?? Timeout).TotalSeconds} s; last /api/v2/alerts: {last}");
    }
}

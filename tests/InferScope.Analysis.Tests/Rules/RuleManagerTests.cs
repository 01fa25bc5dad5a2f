using System.Text.Json;
using InferScope.Analysis.Notifications;
using InferScope.Analysis.Rules;
using InferScope.Analysis.Tests.Support;
using InferScope.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Analysis.Tests.Rules;

public class RuleManagerTests
{
    // The condition is 5 from minute 10 to minute 30 of the dataset and 0 otherwise.
    private static readonly DateTimeOffset Start = new DateTimeOffset(DateTime.UtcNow.AddHours(-2).Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);

    private const string RuleFile = """
        groups:
          - name: test
            interval: 30s
            rules:
              - record: endpoint:condition:sum
                expr: sum by (endpoint) (inferscope_test_condition)
                labels:
                  source: rule
              - alert: ConditionHigh
                expr: inferscope_test_condition > 1
                for: 2m
                keep_firing_for: 1m
                labels:
                  severity: "{{ if_missing }}"
                annotations:
                  summary: "{{ $labels.endpoint }} is at {{ $value }}"
        """;

    [Fact]
    public async Task AlertingRule_Lifecycle_MatchesPrometheusSemantics()
    {
        await using var prometheus = await PrometheusServer.StartAsync(Dataset());
        await using var alertmanager = await AlertmanagerServer.StartAsync();
        using var webhook = new WebhookReceiver();
        using var client = new HttpClient();
        var output = new CapturingAppendable();
        var manager = new RuleManager(
            prometheus.Engine,
            output,
            [new AlertmanagerSender(client, alertmanager.Address), new WebhookSender(client, webhook.Address)],
            new RuleManagerOptions { ResendDelay = TimeSpan.FromHours(1), ExternalLabels = Labels.FromPairs("cluster", "test") },
            NullLogger<RuleManager>.Instance);
        manager.Load(RuleFileParser.Parse(RuleFile.Replace("{{ if_missing }}", "page", StringComparison.Ordinal), "test.yml"));

        await manager.EvaluateAllAsync(Start.AddMinutes(9));
        Assert.Empty(manager.GetAlerts());

        await manager.EvaluateAllAsync(Start.AddMinutes(10));
        var pending = Assert.Single(manager.GetAlerts());
        Assert.Equal(AlertState.Pending, pending.State);
        Assert.Equal(Start.AddMinutes(10), pending.ActiveAt);
        Assert.Equal("chat is at 5", pending.Annotations.Get("summary"));
        Assert.Equal("page", pending.Labels.Get("severity"));
        Assert.Equal("ConditionHigh", pending.Labels.Get("alertname"));

        await manager.EvaluateAllAsync(Start.AddMinutes(11));
        Assert.Equal(AlertState.Pending, Assert.Single(manager.GetAlerts()).State);
        Assert.Empty(webhook.Bodies);

        await manager.EvaluateAllAsync(Start.AddMinutes(12));
        var firing = Assert.Single(manager.GetAlerts());
        Assert.Equal(AlertState.Firing, firing.State);
        Assert.Equal(Start.AddMinutes(12), firing.FiredAt);
        Assert.Contains("\"status\":\"firing\"", Assert.Single(webhook.Bodies), StringComparison.Ordinal);
        Assert.Contains("ConditionHigh", await ActiveAlertmanagerAlertsAsync(client, alertmanager.Address), StringComparison.Ordinal);

        // The condition clears at minute 30; keep_firing_for keeps the alert firing one more minute.
        await manager.EvaluateAllAsync(Start.AddMinutes(30).AddSeconds(30));
        var kept = Assert.Single(manager.GetAlerts());
        Assert.Equal(AlertState.Firing, kept.State);
        Assert.Equal(Start.AddMinutes(30).AddSeconds(30), kept.KeepFiringSince);

        await manager.EvaluateAllAsync(Start.AddMinutes(31).AddSeconds(30));
        Assert.Empty(manager.GetAlerts());
        Assert.Contains("\"status\":\"resolved\"", webhook.Bodies[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("ConditionHigh", await ActiveAlertmanagerAlertsAsync(client, alertmanager.Address), StringComparison.Ordinal);

        var recorded = output.Samples.Where(s => s.Labels.MetricName == "endpoint:condition:sum").ToList();
        Assert.Equal(6, recorded.Count);
        Assert.Equal(5, recorded.Single(s => s.TimestampMs == Start.AddMinutes(12).ToUnixTimeMilliseconds()).Value);
        Assert.Equal("rule", recorded[0].Labels.Get("source"));
        var alertSeries = output.Samples.Where(s => s.Labels.MetricName == "ALERTS").Select(s => s.Labels.Get("alertstate")).ToList();
        Assert.Equal(["pending", "pending", "firing", "firing"], alertSeries);
    }

    [Fact]
    public async Task RulesApiJson_AfterEvaluation_HasPrometheusShape()
    {
        await using var prometheus = await PrometheusServer.StartAsync(Dataset());
        var manager = new RuleManager(prometheus.Engine, null, [], new RuleManagerOptions(), NullLogger<RuleManager>.Instance);
        manager.Load(RuleFileParser.Parse(RuleFile.Replace("{{ if_missing }}", "page", StringComparison.Ordinal), "test.yml").Append(new RuleGroupDefinition
        {
            Name = "broken",
            File = "test.yml",
            Rules = [new RuleDefinition { Kind = RuleKind.Recording, Name = "broken", Expression = "sum(" }],
        }));

        await manager.EvaluateAllAsync(Start.AddMinutes(10));

        using var rules = JsonDocument.Parse(Write(w => RulesApiJson.WriteRules(w, manager.GetGroups())));
        var groups = rules.RootElement.GetProperty("data").GetProperty("groups");
        Assert.Equal("success", rules.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, groups.GetArrayLength());
        var alertRule = groups[0].GetProperty("rules")[1];
        Assert.Equal("alerting", alertRule.GetProperty("type").GetString());
        Assert.Equal("pending", alertRule.GetProperty("state").GetString());
        Assert.Equal(120, alertRule.GetProperty("duration").GetDouble());
        Assert.Equal(60, alertRule.GetProperty("keepFiringFor").GetDouble());
        Assert.Equal("5e+00", alertRule.GetProperty("alerts")[0].GetProperty("value").GetString());
        Assert.Equal(30, groups[0].GetProperty("interval").GetDouble());
        var broken = groups[1].GetProperty("rules")[0];
        Assert.Equal("err", broken.GetProperty("health").GetString());
        Assert.False(string.IsNullOrEmpty(broken.GetProperty("lastError").GetString()));

        using var recordOnly = JsonDocument.Parse(Write(w => RulesApiJson.WriteRules(w, manager.GetGroups(), RuleKind.Recording)));
        Assert.Single(recordOnly.RootElement.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").EnumerateArray());

        using var alerts = JsonDocument.Parse(Write(w => RulesApiJson.WriteAlerts(w, manager.GetAlerts())));
        var alert = Assert.Single(alerts.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray());
        Assert.Equal("chat", alert.GetProperty("labels").GetProperty("endpoint").GetString());
        Assert.Equal("pending", alert.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Reload_SameRule_KeepsAlertState()
    {
        await using var prometheus = await PrometheusServer.StartAsync(Dataset());
        var manager = new RuleManager(prometheus.Engine, null, [], new RuleManagerOptions(), NullLogger<RuleManager>.Instance);
        var groups = RuleFileParser.Parse(RuleFile.Replace("{{ if_missing }}", "page", StringComparison.Ordinal), "test.yml");
        manager.Load(groups);
        await manager.EvaluateAllAsync(Start.AddMinutes(10));

        manager.Load(groups);
        await manager.EvaluateAllAsync(Start.AddMinutes(12));

        Assert.Equal(AlertState.Firing, Assert.Single(manager.GetAlerts()).State);
    }

    internal static OpenMetricsDataset Dataset()
    {
        var dataset = new OpenMetricsDataset(Start, Start.AddMinutes(40), TimeSpan.FromSeconds(15));
        dataset.Gauge("inferscope_test_condition", Labels.FromPairs("endpoint", "chat"), t => t >= Start.AddMinutes(10) && t < Start.AddMinutes(30) ? 5 : 0);
        return dataset;
    }

    private static async Task<string> ActiveAlertmanagerAlertsAsync(HttpClient client, Uri address)
    {
        using var response = await client.GetAsync(new Uri(address, "api/v2/alerts?active=true"));
        return await response.Content.ReadAsStringAsync();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

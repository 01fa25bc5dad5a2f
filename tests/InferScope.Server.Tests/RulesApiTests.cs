using System.Text.Json;
using InferScope.Analysis.Rules;
using InferScope.Model;
using InferScope.Server.Hosting;
using InferScope.Server.Rules;
using InferScope.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Server.Tests;

public sealed class RulesApiTests
{
    [Fact]
    public async Task Rules_FromRuleFile_AlertFires()
    {
        RuleManagerBridge? bridge = null;
        await using var server = await TestServer.StartAsync("rule_files: [rules/*.yaml]\n", components: (store, engine) =>
        {
            bridge = new RuleManagerBridge(new RuleManager(engine, store, [], new RuleManagerOptions(), NullLogger<RuleManager>.Instance));
            return new ServerComponents { QueryEngine = engine, Queryable = store, Rules = bridge, Subscribers = [bridge] };
        });
        server.Store.Add(Labels.FromPairs("__name__", "llm_kv_cache_full", "endpoint", "chat"), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1);
        Directory.CreateDirectory(Path.Combine(server.Folder, "rules"));
        await File.WriteAllTextAsync(Path.Combine(server.Folder, "rules", "fleet.yaml"), """
            groups:
              - name: fleet
                interval: 1s
                rules:
                  - alert: KvCacheFull
                    expr: llm_kv_cache_full
                    labels:
                      severity: page
                    annotations:
                      summary: KV cache is full
            """);

        var reload = await server.Client.PostAsync("/-/reload", null);
        var alerts = await WaitForAlertsAsync(server);
        var rules = await server.Client.GetStringAsync("/api/v1/rules?type=alert");

        Assert.Equal(System.Net.HttpStatusCode.OK, reload.StatusCode);
        Assert.Equal("firing", alerts[0].GetProperty("state").GetString());
        Assert.Equal("chat", alerts[0].GetProperty("labels").GetProperty("endpoint").GetString());
        Assert.Equal("1e+00", alerts[0].GetProperty("value").GetString());
        Assert.Contains("\"name\":\"fleet\"", rules, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"KvCacheFull\",\"query\":\"llm_kv_cache_full\",\"duration\":0,\"labels\":{\"severity\":\"page\"}", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_BrokenRuleFile_Rejected()
    {
        await using var server = await TestServer.StartAsync("rule_files: [broken.yaml]\n", components: (store, engine) =>
        {
            var bridge = new RuleManagerBridge(new RuleManager(engine, store, [], new RuleManagerOptions(), NullLogger<RuleManager>.Instance));
            return new ServerComponents { QueryEngine = engine, Queryable = store, Rules = bridge, Subscribers = [bridge] };
        }, ruleFiles: [("broken.yaml", "groups:\n  - name: g\n    rules:\n      - record: x\n        expr: up\n")]);
        await File.WriteAllTextAsync(Path.Combine(server.Folder, "broken.yaml"), "groups:\n  - name: g\n    rules:\n      - alert: A\n");

        var reload = await server.Client.PostAsync("/-/reload", null);
        var body = await reload.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, reload.StatusCode);
        Assert.StartsWith("failed to reload config: Invalid configuration", body, StringComparison.Ordinal);
        Assert.Contains("broken.yaml", body, StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> WaitForAlertsAsync(TestServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var body = await server.Client.GetStringAsync("/api/v1/alerts");
            using var document = JsonDocument.Parse(body);
            var alerts = document.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => a.Clone()).ToList();
            if (alerts.Count > 0)
            {
                return alerts;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("No alert within 30 s.");
    }
}

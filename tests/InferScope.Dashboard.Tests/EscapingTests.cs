using Microsoft.Playwright;

namespace InferScope.Dashboard.Tests;

/// <summary>Scraped label values that carry markup show as text and never run.</summary>
public sealed class EscapingTests : IClassFixture<BrowserSession>
{
    private readonly BrowserSession browser;

    public EscapingTests(BrowserSession browser)
    {
        this.browser = browser;
    }

    [Fact]
    public async Task HostileLabelValues_RenderAsText()
    {
        await using var target = await HostileTarget.StartAsync();
        var folder = Directory.CreateTempSubdirectory("inferscope-escaping-");
        try
        {
            var config = Path.Combine(folder.FullName, "inferscope.yaml");
            await File.WriteAllTextAsync(config, $"""
                endpoints:
                  - name: hostile
                    engine: vllm
                    metrics_publish_frequency_seconds: 1
                    instances:
                      - target: {target.Address.Authority}
                        az: "{HostileTarget.ScriptPayload.Replace("\"", "\\\"", StringComparison.Ordinal)}"
                """);
            await using var server = await InferScopeProcess.StartAsync(
                ["serve", "--config", config, "--listen", "127.0.0.1:0", "--data", Path.Combine(folder.FullName, "data")],
                InferScopeProcess.ServeAddress(), TimeSpan.FromSeconds(60));
            using var api = new ApiClient(server.BaseAddress);
            await api.WaitForDataAsync("llm_requests_running", TimeSpan.FromSeconds(30));

            foreach (var view in new[] { "fleet", "capacity", "promql?tab=table&expr=" + Uri.EscapeDataString("llm_requests_running or llm_requests_waiting") })
            {
                var (page, errors) = await browser.OpenAsync(new Uri(server.BaseAddress, "#/" + view).ToString());
                await page.WaitForSelectorAsync("main[data-rendered]", new PageWaitForSelectorOptions { Timeout = 20_000 });
                await Screenshots.SaveAsync(page, "escaping-" + view.Split('?')[0]);

                var injected = await page.EvaluateAsync<string?>("() => window.__injected ?? null");
                Assert.Null(injected);
                Assert.Empty(await page.QuerySelectorAllAsync("main script, main img"));
                Assert.Empty(errors);
                if (view.StartsWith("promql", StringComparison.Ordinal))
                {
                    var text = await page.InnerTextAsync("main");
                    Assert.Contains(HostileTarget.ImagePayload, text, StringComparison.Ordinal);
                    Assert.Contains(HostileTarget.ScriptPayload, text, StringComparison.Ordinal);
                }

                await page.CloseAsync();
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

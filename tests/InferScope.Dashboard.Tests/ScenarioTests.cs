using Microsoft.Playwright;

namespace InferScope.Dashboard.Tests;

/// <summary>
/// Scenarios with an injected fault, run by the demo with a fast simulated clock, show the fault
/// in the dashboard.
/// </summary>
public sealed class ScenarioTests : IClassFixture<BrowserSession>
{
    private static readonly TimeSpan FaultTimeout = TimeSpan.FromSeconds(180);

    private readonly BrowserSession browser;

    public ScenarioTests(BrowserSession browser)
    {
        this.browser = browser;
    }

    [Fact]
    public async Task ZeroTrafficAz_IsFlagged()
    {
        await using var demo = await StartDemoAsync("az-no-traffic");
        using var api = new ApiClient(demo.BaseAddress);
        const string Traffic = "sum by (az) (rate(llm_e2e_request_latency_seconds_count{endpoint=\"chat-llama-8b\"}[1m]))";
        await WaitUntilAsync(async () =>
        {
            var result = await api.QueryAsync(Traffic);
            return result.Count == 3 && result.Any(r => r.Labels["az"] == "us-east-1b" && r.Value == 0);
        });

        var (page, errors) = await browser.OpenAsync(new Uri(demo.BaseAddress, "#/fleet?endpoint=chat-llama-8b&window=1m").ToString());
        await page.WaitForSelectorAsync("main[data-rendered]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "scenario-az-no-traffic");

        Assert.Empty(errors);
        Assert.NotNull(await page.QuerySelectorAsync("section.az.zero-traffic[data-az='us-east-1b']"));
        Assert.NotNull(await page.QuerySelectorAsync("[data-zero-traffic='us-east-1b']"));
        Assert.Single(await page.QuerySelectorAllAsync("[data-zero-traffic]"));
    }

    [Fact]
    public async Task KvCacheExhaustion_ShowsFinding()
    {
        await using var demo = await StartDemoAsync("kv-cache-exhaustion");
        using var http = new HttpClient { BaseAddress = demo.BaseAddress };
        await WaitUntilAsync(async () =>
        {
            var body = await http.GetStringAsync(new Uri("api/inferscope/v1/findings?window=1m", UriKind.Relative));
            return body.Contains("\"cause\":\"kv-cache-queuing\"", StringComparison.Ordinal);
        });

        var (page, errors) = await browser.OpenAsync(new Uri(demo.BaseAddress, "#/findings?window=1m").ToString());
        await page.WaitForSelectorAsync("li.finding[data-cause='kv-cache-queuing']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "scenario-kv-cache-exhaustion");

        Assert.Empty(errors);
        var text = await page.InnerTextAsync("li.finding[data-cause='kv-cache-queuing']");
        Assert.Contains("chat-llama-8b", text, StringComparison.Ordinal);
        Assert.NotEmpty(await page.QuerySelectorAllAsync("li.finding[data-cause='kv-cache-queuing'] a.query-link"));
    }

    // The simulated clock runs 120 times faster, so a fault set at 30 minutes arrives after 15 s.
    private static Task<InferScopeProcess> StartDemoAsync(string scenario) =>
        InferScopeProcess.StartAsync(
            ["demo", "--scenario", scenario, "--listen", "127.0.0.1:0", "--publish-frequency", "1", "--time-scale", "120"],
            InferScopeProcess.DemoAddress(),
            TimeSpan.FromSeconds(90));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + FaultTimeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The scenario's fault did not show in the API within {FaultTimeout}.");
            await Task.Delay(1000);
        }
    }
}

using System.Globalization;
using Microsoft.Playwright;

namespace InferScope.Dashboard.Tests;

/// <summary>Every view of the dashboard against the demo fleet, in headless Chromium.</summary>
public sealed class ViewTests : IClassFixture<BrowserSession>, IClassFixture<DemoFixture>
{
    private readonly BrowserSession browser;
    private readonly DemoFixture demo;

    public ViewTests(BrowserSession browser, DemoFixture demo)
    {
        this.browser = browser;
        this.demo = demo;
    }

    public static TheoryData<string, string> Views => new()
    {
        { "fleet", "svg.hexgrid polygon.hex" },
        { "latency", "[data-chart] .uplot" },
        { "capacity", "[data-chart] .uplot" },
        { "throughput", "[data-chart] .uplot" },
        { "reliability", "[data-chart] .uplot" },
        { "findings", "ol.findings, p.empty" },
        { "engines", "table.engines-table tbody tr" },
        { "promql?expr=sum%20by%20(az)%20(llm_requests_running)", "[data-chart] .uplot" },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task View_RendersWithData(string view, string dataSelector)
    {
        var (page, errors) = await browser.OpenAsync(new Uri(demo.BaseAddress, "#/" + view).ToString());
        await page.WaitForSelectorAsync("main[data-rendered]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync(dataSelector, new PageWaitForSelectorOptions { Timeout = 10_000 });
        var name = view.Split('?')[0];
        await Screenshots.SaveAsync(page, "view-" + name);

        Assert.Empty(errors);
        Assert.Empty(await page.QuerySelectorAllAsync("main .error-message"));
        Assert.NotEmpty(await page.QuerySelectorAllAsync(dataSelector));
        await page.CloseAsync();
    }

    [Fact]
    public async Task DarkTheme_AppliesToPage()
    {
        var (page, _) = await browser.OpenAsync(new Uri(demo.BaseAddress, "#/latency").ToString());
        await page.WaitForSelectorAsync("main[data-rendered]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var before = await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme");
        await page.ClickAsync("button.theme");
        await page.WaitForSelectorAsync("main[data-rendered]");
        var after = await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme");
        await Screenshots.SaveAsync(page, "theme-" + after);

        Assert.NotEqual(before, after);
        await page.CloseAsync();
    }

    [Fact]
    public async Task HoverCard_ShowsApiValues()
    {
        var time = Math.Floor(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        var url = new Uri(demo.BaseAddress, $"#/fleet?end={time.ToString(CultureInfo.InvariantCulture)}").ToString();
        var (page, _) = await browser.OpenAsync(url);
        await page.WaitForSelectorAsync("main[data-rendered]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var cell = page.Locator("polygon.hex").First;
        var instance = await cell.GetAttributeAsync("data-instance");
        var endpoint = await cell.GetAttributeAsync("data-endpoint");
        await cell.HoverAsync();
        await page.WaitForSelectorAsync(".hover-card:not([hidden])");
        await Screenshots.SaveAsync(page, "fleet-hover");

        var selector = $"endpoint=\"{endpoint}\",instance=\"{instance}\"";
        var expected = new Dictionary<string, string>
        {
            ["kv"] = $"avg by (endpoint, instance) (llm_kv_cache_usage_ratio{{{selector}}})",
            ["concurrency"] = $"sum by (endpoint, instance) (llm_requests_running{{{selector}}})",
            ["outputTokensPerSecond"] = $"sum by (endpoint, instance) (rate(llm_generation_tokens_total{{{selector}}}[5m]))",
        };
        var kv = await page.GetAttributeAsync(".hover-card [data-field='kv']", "data-value");
        Assert.False(string.IsNullOrEmpty(kv), $"The hover card of {instance} shows no KV-cache occupancy.");
        foreach (var (field, expr) in expected)
        {
            var cardValue = await page.GetAttributeAsync($".hover-card [data-field='{field}']", "data-value");
            var result = await demo.Api.QueryAsync(expr, time);
            if (string.IsNullOrEmpty(cardValue))
            {
                // The card shows a dash only when the API has no value for the instance.
                Assert.Empty(result);
                continue;
            }

            Assert.Single(result);
            Assert.Equal(result[0].Value, double.Parse(cardValue, CultureInfo.InvariantCulture), 9);
        }

        await page.CloseAsync();
    }
}

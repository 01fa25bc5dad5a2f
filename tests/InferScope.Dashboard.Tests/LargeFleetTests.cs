using System.Globalization;
using Microsoft.Playwright;

namespace InferScope.Dashboard.Tests;

/// <summary>
/// A large demo fleet in the fleet view: one hexagon and one table row per instance, kept in place
/// across a refresh. The test uses 500 instances to stay within a minute on two cores; the
/// dashboard-render benchmark runs a thousand and measures the timing.
/// </summary>
public sealed class LargeFleetTests : IClassFixture<BrowserSession>
{
    // The healthy baseline has two endpoints, so --instances is half the fleet.
    private const int Instances = 500;

    private const string Cells = "svg.hexgrid polygon.hex";

    private const string Rows = "table.fleet-table tbody tr";

    private readonly BrowserSession browser;

    public LargeFleetTests(BrowserSession browser)
    {
        this.browser = browser;
    }

    [Fact]
    public async Task LargeFleet_OneCellAndRowPerInstance()
    {
        await using var demo = await InferScopeProcess.StartAsync(
            ["demo", "--listen", "127.0.0.1:0", "--instances", (Instances / 2).ToString(CultureInfo.InvariantCulture), "--publish-frequency", "5"],
            InferScopeProcess.DemoAddress(),
            TimeSpan.FromSeconds(90));
        using var api = new ApiClient(demo.BaseAddress);
        var reported = "count(group by (endpoint, instance) (up{endpoint!=\"\",engine!=\"\",engine!~\"dcgm|node|node.exporter\"})) == "
            + Instances.ToString(CultureInfo.InvariantCulture);
        await api.WaitForDataAsync(reported, TimeSpan.FromSeconds(120));

        var (page, errors) = await browser.OpenAsync(new Uri(demo.BaseAddress, "#/fleet?refresh=5").ToString());
        await page.WaitForSelectorAsync("main[data-rendered]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var rendered = await page.GetAttributeAsync("main", "data-rendered");
        await Screenshots.SaveAsync(page, "fleet-large");

        Assert.Equal(Instances, await page.Locator(Cells).CountAsync());
        Assert.Equal(Instances, await page.Locator(Rows).CountAsync());
        var keys = await page.EvaluateAsync<string[]>(
            "(selector) => [...document.querySelectorAll(selector)].map((c) => c.dataset.endpoint + '/' + c.dataset.instance)", Cells);
        Assert.Equal(Instances, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.StartsWith($"{Instances} instances", await page.InnerTextAsync("p.summary"), StringComparison.Ordinal);

        // A refresh updates the same elements instead of building the view again.
        await page.EvaluateAsync("(selector) => { window.__firstCell = document.querySelector(selector); window.__firstRow = document.querySelector('table.fleet-table tbody tr'); }", Cells);
        await page.WaitForFunctionAsync(
            "(before) => document.querySelector('main')?.dataset.rendered !== before",
            rendered,
            new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Equal(Instances, await page.Locator(Cells).CountAsync());
        Assert.Equal(Instances, await page.Locator(Rows).CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__firstCell.isConnected && window.__firstRow.isConnected"));

        // Sorting reorders the rows on the page and keeps every one.
        await page.ClickAsync(".fleet-table th button[data-sort='kv']");
        await page.WaitForSelectorAsync(".fleet-table th[aria-sort='ascending'] button[data-sort='kv']");
        Assert.Equal(Instances, await page.Locator(Rows).CountAsync());
        Assert.Contains("sort=kv", page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}

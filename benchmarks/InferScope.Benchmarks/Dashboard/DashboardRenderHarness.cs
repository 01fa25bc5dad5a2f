using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace InferScope.Benchmarks.Dashboard;

/// <summary>
/// Opens the fleet view on a simulated fleet in headless Chromium and reports how it performs.
/// The report covers the first frame with every hexagon drawn, the time and main-thread blocking
/// of each refresh, long tasks, hover and sort latency, and the JS heap. Run:
/// <c>dotnet run -c Release --project benchmarks/InferScope.Benchmarks -- dashboard-render [instances] [refreshes]</c>.
/// </summary>
internal static class DashboardRenderHarness
{
    public const string Command = "dashboard-render";

    private const string ChromiumPath = "/usr/bin/chromium";

    // The healthy baseline has two endpoints, so --instances is half the fleet.
    private const int ScenarioEndpoints = 2;

    private const string Observers = """
        window.__bench = { longTasks: [], frames: [], events: [] };
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: "longtask", buffered: true });
        try {
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) window.__bench.frames.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration });
          }).observe({ type: "long-animation-frame", buffered: true });
        } catch { }
        try {
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) window.__bench.events.push({ name: e.name, start: e.startTime, duration: e.duration });
          }).observe({ type: "event", durationThreshold: 16, buffered: true });
        } catch { }
        """;

    private const string WaitForCells = """
        async (n) => {
          const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
          while (document.querySelectorAll("svg.hexgrid polygon.hex").length < n) await frame();
          const cellsAt = performance.now();
          while (!document.querySelector("main[data-rendered]")) await frame();
          await frame();
          return { cellsAt, at: performance.now(), cells: document.querySelectorAll("svg.hexgrid polygon.hex").length, rows: document.querySelectorAll("table.fleet-table tbody tr").length };
        }
        """;

    private const string RenderMeasures = """
        () => performance.getEntriesByName("inferscope:render").map((m) => ({ start: m.startTime, duration: m.duration }))
        """;

    private const string UpdateMeasures = """
        () => performance.getEntriesByName("inferscope:fleet-update").map((m) => ({ start: m.startTime, duration: m.duration }))
        """;

    private const string QueryTimings = """
        (until) => performance.getEntriesByType("resource")
          .filter((r) => r.name.includes("/api/v1/query?") && r.startTime < until)
          .map((r) => ({ query: new URL(r.name).searchParams.get("query"), duration: r.duration }))
        """;

    private const string SortByTtft = """
        async () => {
          const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
          const started = performance.now();
          [...document.querySelectorAll(".fleet-table th button")].find((b) => b.textContent.startsWith("TTFT")).click();
          while (!document.querySelector('.fleet-table th[aria-sort="ascending"] button')?.textContent.startsWith("TTFT")) await frame();
          await frame();
          return performance.now() - started;
        }
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var refreshes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        if (instances < ScenarioEndpoints || instances % ScenarioEndpoints != 0 || refreshes < 1)
        {
            await Console.Error.WriteLineAsync($"{Command} {instances} {refreshes}: use an even number of instances (the scenario has two endpoints) and at least one refresh.").ConfigureAwait(false);
            return 2;
        }

        if (!File.Exists(ChromiumPath))
        {
            await Console.Error.WriteLineAsync($"Chromium not found at {ChromiumPath}; install Debian's chromium package.").ConfigureAwait(false);
            return 2;
        }

        var watch = Stopwatch.StartNew();
        await using var demo = await DemoProcess.StartAsync(
            ["--listen", "127.0.0.1:0", "--instances", (instances / ScenarioEndpoints).ToString(CultureInfo.InvariantCulture), "--publish-frequency", "15"],
            TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        Console.WriteLine($"demo started in {watch.Elapsed.TotalSeconds:F1} s at {demo.BaseAddress}");
        await WaitForInstancesAsync(demo.BaseAddress, instances, TimeSpan.FromMinutes(4)).ConfigureAwait(false);
        Console.WriteLine($"all {instances} instances reported after {watch.Elapsed.TotalSeconds:F1} s");

        // The first scrapes create every series; measure the page once the server has settled.
        await Task.Delay(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions"],
        }).ConfigureAwait(false);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } }).ConfigureAwait(false);
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        await page.AddInitScriptAsync(Observers).ConfigureAwait(false);
        var cdp = await page.Context.NewCDPSessionAsync(page).ConfigureAwait(false);
        await cdp.SendAsync("Performance.enable").ConfigureAwait(false);

        await page.GotoAsync(new Uri(demo.BaseAddress, "#/fleet?refresh=5").ToString()).ConfigureAwait(false);
        var first = await page.EvaluateAsync<JsonElement>(WaitForCells, instances).ConfigureAwait(false);
        var firstFrame = first.GetProperty("at").GetDouble();
        var afterFirst = await MetricsAsync(cdp).ConfigureAwait(false);
        var queries = (await page.EvaluateAsync<JsonElement>(QueryTimings, firstFrame).ConfigureAwait(false)).EnumerateArray()
            .Select(q => (Query: q.GetProperty("query").GetString()!, Duration: q.GetProperty("duration").GetDouble()))
            .OrderByDescending(q => q.Duration)
            .ToList();

        var measures = await WaitForRendersAsync(page, refreshes + 1, TimeSpan.FromSeconds((refreshes * 5) + 120)).ConfigureAwait(false);
        var bench = await page.EvaluateAsync<JsonElement>("() => window.__bench").ConfigureAwait(false);
        var longTasks = Spans(bench.GetProperty("longTasks"));
        var frames = Spans(bench.GetProperty("frames"));
        var blocking = bench.GetProperty("frames").EnumerateArray()
            .Select(f => (Start: f.GetProperty("start").GetDouble(), Duration: f.TryGetProperty("blocking", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetDouble() : 0))
            .ToList();
        var updates = Spans(await page.EvaluateAsync<JsonElement>(UpdateMeasures).ConfigureAwait(false));
        var afterRefreshes = await MetricsAsync(cdp).ConfigureAwait(false);

        var hover = await HoverAsync(page, 20).ConfigureAwait(false);
        var sort = await page.EvaluateAsync<double>(SortByTtft).ConfigureAwait(false);
        bench = await page.EvaluateAsync<JsonElement>("() => window.__bench").ConfigureAwait(false);
        var events = bench.GetProperty("events").EnumerateArray()
            .Select(e => (Name: e.GetProperty("name").GetString()!, Start: e.GetProperty("start").GetDouble(), Duration: e.GetProperty("duration").GetDouble()))
            .ToList();

        Console.WriteLine();
        Console.WriteLine($"fleet view, {instances} instances: {first.GetProperty("cells").GetInt32()} hexagons, {first.GetProperty("rows").GetInt32()} table rows");
        Console.WriteLine($"first frame with every hexagon (values still loading): {first.GetProperty("cellsAt").GetDouble():F0} ms after navigation");
        Console.WriteLine($"first full render (navigation to the first frame with every value): {firstFrame:F0} ms, of which DOM build {Longest(updates, 0, firstFrame):F0} ms");
        foreach (var (query, duration) in queries.Take(3))
        {
            Console.WriteLine($"  query {duration:F0} ms: {(query.Length > 110 ? query[..110] + "…" : query)}");
        }

        Console.WriteLine($"  first render, longest main-thread task: {Longest(longTasks, 0, firstFrame):F0} ms; long animation frames: {Count(frames, 0, firstFrame)}, longest {Longest(frames, 0, firstFrame):F0} ms");
        var refreshRows = measures.Skip(1).Take(refreshes).ToList();
        if (refreshRows.Count == 0 || errors.Count > 0)
        {
            Console.WriteLine($"{refreshRows.Count} refreshes measured; page errors: {string.Join("; ", errors)}");
            return 1;
        }

        foreach (var (start, duration) in refreshRows)
        {
            var end = start + duration + 200;
            Console.WriteLine(
                $"refresh at {start / 1000:F1} s: {duration:F0} ms from timer to updated DOM (queries included); " +
                $"DOM update {Longest(updates, start, end):F0} ms; longest task {Longest(longTasks, start, end):F0} ms, longest animation frame {Longest(frames, start, end):F0} ms (blocking {Longest(blocking, start, end):F0} ms)");
        }

        var refreshStart = refreshRows.Count > 0 ? refreshRows[0].Start : firstFrame;
        var refreshEnd = refreshRows.Count > 0 ? refreshRows[^1].Start + refreshRows[^1].Duration + 200 : firstFrame;
        Console.WriteLine($"refreshes: mean {refreshRows.Average(r => r.Duration):F0} ms; long tasks during refreshes: {Count(longTasks, refreshStart, refreshEnd)}, longest {Longest(longTasks, refreshStart, refreshEnd):F0} ms");
        Console.WriteLine($"hover over {hover.Count} cells: mean {hover.Average():F0} ms, max {hover.Max():F0} ms from mouse move to card filled (CDP round trip included)");
        Console.WriteLine($"sort by TTFT p99: {sort:F0} ms from click to sorted table");
        var slowEvents = events.Where(e => e.Start > refreshEnd).ToList();
        Console.WriteLine($"input events slower than 16 ms (Event Timing) after the refreshes: {slowEvents.Count}{(slowEvents.Count > 0 ? $", slowest {slowEvents.Max(e => e.Duration):F0} ms ({slowEvents.MaxBy(e => e.Duration).Name})" : string.Empty)}");
        Console.WriteLine($"JS heap used: {afterFirst["JSHeapUsedSize"] / 1e6:F1} MB after the first render, {afterRefreshes["JSHeapUsedSize"] / 1e6:F1} MB after {refreshRows.Count} refreshes (after GC)");
        Console.WriteLine($"DOM nodes: {afterFirst["Nodes"]:F0} after the first render, {afterRefreshes["Nodes"]:F0} after the refreshes");
        Console.WriteLine($"Chromium totals: script {afterRefreshes["ScriptDuration"] * 1000:F0} ms, layout {afterRefreshes["LayoutDuration"] * 1000:F0} ms, style {afterRefreshes["RecalcStyleDuration"] * 1000:F0} ms");
        return 0;
    }

    private static async Task WaitForInstancesAsync(Uri baseAddress, int instances, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        const string Expr = "count(group by (endpoint, instance) (up{endpoint!=\"\",engine!=\"\",engine!~\"dcgm|node|node.exporter\"}))";
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(Expr), UriKind.Relative)).ConfigureAwait(false));
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                seen = result.GetArrayLength() == 0 ? 0 : int.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                if (seen >= instances)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The server is still starting.
            }

            await Task.Delay(1000).ConfigureAwait(false);
        }

        throw new TimeoutException($"Only {seen} of {instances} instances reported within {timeout}.");
    }

    private static async Task<List<(double Start, double Duration)>> WaitForRendersAsync(IPage page, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var measures = await page.EvaluateAsync<JsonElement>(RenderMeasures).ConfigureAwait(false);
            var list = measures.EnumerateArray().Select(m => (m.GetProperty("start").GetDouble(), m.GetProperty("duration").GetDouble())).ToList();
            if (list.Count >= count || DateTime.UtcNow > deadline)
            {
                return list;
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    private static async Task<List<double>> HoverAsync(IPage page, int cells)
    {
        var times = new List<double>();
        var polygons = page.Locator("svg.hexgrid polygon.hex");
        var total = await polygons.CountAsync().ConfigureAwait(false);
        for (var i = 0; i < cells; i++)
        {
            var cell = polygons.Nth((int)((long)i * total / cells));
            await cell.ScrollIntoViewIfNeededAsync().ConfigureAwait(false);
            var box = await cell.BoundingBoxAsync().ConfigureAwait(false);
            var instance = await cell.GetAttributeAsync("data-instance").ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            await page.Mouse.MoveAsync(box!.X + (box.Width / 2), box.Y + (box.Height / 2)).ConfigureAwait(false);
            await page.WaitForFunctionAsync(
                "(name) => { const c = document.querySelector('.hover-card:not([hidden]) [data-field=instance]'); return c && c.textContent.startsWith(name + ' '); }",
                instance,
                new PageWaitForFunctionOptions { PollingInterval = 1 }).ConfigureAwait(false);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage").ConfigureAwait(false);
        var result = await cdp.SendAsync("Performance.getMetrics").ConfigureAwait(false);
        return result!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble(), StringComparer.Ordinal);
    }

    private static List<(double Start, double Duration)> Spans(JsonElement entries) =>
        entries.EnumerateArray().Select(e => (e.GetProperty("start").GetDouble(), e.GetProperty("duration").GetDouble())).ToList();

    private static double Longest(List<(double Start, double Duration)> spans, double from, double to) =>
        spans.Where(s => s.Start >= from && s.Start < to).Select(s => s.Duration).DefaultIfEmpty(0).Max();

    private static int Count(List<(double Start, double Duration)> spans, double from, double to) =>
        spans.Count(s => s.Start >= from && s.Start < to);
}

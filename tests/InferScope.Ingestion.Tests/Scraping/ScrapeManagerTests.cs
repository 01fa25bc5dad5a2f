using InferScope.Engines;
using InferScope.Ingestion.Scraping;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model;

namespace InferScope.Ingestion.Tests.Scraping;

public sealed class ScrapeManagerTests
{
    private const string VllmPayload = """
        # HELP vllm:num_requests_running Requests running.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{model_name="llama"} 3
        # TYPE vllm:request_success counter
        vllm:request_success_total{model_name="llama",finished_reason="stop"} 40
        # TYPE vllm:prompt_tokens counter
        vllm:prompt_tokens_total{model_name="llama"} 1200
        """;

    [Fact]
    public async Task Scrape_StoresRawUnifiedAndReportSeries()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", VllmPayload);
        var instance = new ScrapeInstance
        {
            Address = harness.Server.Address,
            Region = "us-east-1",
            Az = "us-east-1a",
            InstanceType = "ml.g6.4xlarge",
            GpuType = "L4",
            Engine = "vllm",
            Model = "llama",
            Component = "chat-v1",
        };
        await harness.Manager.ApplyAsync([harness.Endpoint("chat", instance)]);

        await harness.ScrapeAsync();

        var raw = Assert.Single(harness.Storage.Find("__name__", "vllm:num_requests_running"));
        Assert.Equal("chat", raw.Labels.Get("endpoint"));
        Assert.Equal("chat", raw.Labels.Get("job"));
        Assert.Equal(harness.Server.Address, raw.Labels.Get("instance"));
        Assert.Equal("us-east-1", raw.Labels.Get("region"));
        Assert.Equal("us-east-1a", raw.Labels.Get("az"));
        Assert.Equal("ml.g6.4xlarge", raw.Labels.Get("instance_type"));
        Assert.Equal("L4", raw.Labels.Get("gpu_type"));
        Assert.Equal("vllm", raw.Labels.Get("engine"));
        Assert.Equal("llama", raw.Labels.Get("model"));
        Assert.Equal("chat-v1", raw.Labels.Get("component"));
        Assert.Equal(3, Assert.Single(raw.Samples).Value);

        var unified = Assert.Single(harness.Storage.Find("__name__", "llm_requests_running"));
        Assert.Equal("us-east-1a", unified.Labels.Get("az"));
        Assert.Equal(3, Assert.Single(unified.Samples).Value);

        Assert.Equal(1, Report(harness, "up"));
        Assert.Equal(3, Report(harness, "scrape_samples_scraped"));
        Assert.Equal(5, Report(harness, "scrape_samples_post_metric_relabeling"));
        Assert.Equal(5, Report(harness, "scrape_series_added"));
        Assert.InRange(Report(harness, "scrape_duration_seconds"), 0, 5);
        Assert.Equal(MetricType.Gauge, harness.Storage.Metadata["vllm:num_requests_running"].Type);
        Assert.Equal(10, harness.Metrics.IngestedSamples(IngestionSource.Scrape));
    }

    [Fact]
    public async Task Scrape_SendsPrometheusAcceptHeader()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", VllmPayload, "application/openmetrics-text; version=1.0.0; charset=utf-8");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);

        await harness.ScrapeAsync();

        var request = Assert.Single(harness.Server.Requests);
        Assert.Equal("/metrics", request.Path);
        Assert.StartsWith("application/openmetrics-text;version=1.0.0,", request.Accept, StringComparison.Ordinal);
        Assert.Contains("text/plain;version=0.0.4;q=0.5", request.Accept, StringComparison.Ordinal);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", Assert.Single(harness.Decoder.ContentTypes));
    }

    [Fact]
    public async Task Scrape_EngineUnset_DetectedFromFirstPayload()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", VllmPayload);
        await harness.Manager.ApplyAsync([harness.Endpoint()]);

        await harness.ScrapeAsync();
        await harness.ScrapeAsync();

        Assert.Equal([null, EngineKind.Vllm], harness.Normalizer.RequestedEngines);
        var raw = Assert.Single(harness.Storage.Find("__name__", "vllm:num_requests_running"));
        Assert.Equal("vllm", raw.Labels.Get("engine"));
        Assert.Equal("vllm", Assert.Single(harness.Manager.GetTargets()).Labels.Get("engine"));
    }

    [Fact]
    public async Task Scrape_HonorLabelsOff_RenamesClashingLabel()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "requests_total{instance=\"pod-7\",code=\"200\"} 5\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);

        await harness.ScrapeAsync();

        var series = Assert.Single(harness.Storage.Find("__name__", "requests_total"));
        Assert.Equal(harness.Server.Address, series.Labels.Get("instance"));
        Assert.Equal("pod-7", series.Labels.Get("exported_instance"));
        Assert.Equal("200", series.Labels.Get("code"));
    }

    [Fact]
    public async Task Scrape_HonorLabelsOn_KeepsScrapedLabel()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "requests_total{instance=\"pod-7\"} 5\n");
        await harness.Manager.ApplyAsync([harness.Endpoint() with { HonorLabels = true }]);

        await harness.ScrapeAsync();

        var series = Assert.Single(harness.Storage.Find("__name__", "requests_total"));
        Assert.Equal("pod-7", series.Labels.Get("instance"));
        Assert.Null(series.Labels.Get("exported_instance"));
        Assert.Equal("chat", series.Labels.Get("endpoint"));
    }

    [Fact]
    public async Task Scrape_HonorTimestampsOff_UsesScrapeTime()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1 1000\nb 2\n");
        await harness.Manager.ApplyAsync([harness.Endpoint() with { HonorTimestamps = false }]);

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await harness.ScrapeAsync();

        Assert.InRange(Assert.Single(harness.Storage.Find("__name__", "a")).Samples[0].TimestampMs, before, before + 10_000);
    }

    [Fact]
    public async Task Scrape_HonorTimestampsOn_KeepsPayloadTime()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1 1000\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);

        await harness.ScrapeAsync();

        Assert.Equal(1000, Assert.Single(harness.Storage.Find("__name__", "a")).Samples[0].TimestampMs);
    }

    [Fact]
    public async Task Scrape_DetailedObservabilityOff_KeepsBasicSetOnly()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", VllmPayload);
        await harness.Manager.ApplyAsync([harness.Endpoint() with { EnableDetailedObservability = false }]);

        await harness.ScrapeAsync();

        var names = harness.Storage.AllSeries().Select(l => l.MetricName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "llm_requests_succeeded_total", "scrape_duration_seconds", "scrape_samples_post_metric_relabeling",
                "scrape_samples_scraped", "scrape_series_added", "up",
            ],
            names);
        Assert.Equal(3, Report(harness, "scrape_samples_scraped"));
        Assert.Equal(1, Report(harness, "scrape_samples_post_metric_relabeling"));
    }

    [Fact]
    public async Task Scrape_OverSampleLimit_FailsAndStoresNone()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\nb 2\nc 3\n");
        await harness.Manager.ApplyAsync([harness.Endpoint() with { SampleLimit = 2 }]);

        await harness.ScrapeAsync();

        Assert.Empty(harness.Storage.Find("__name__", "a"));
        Assert.Equal(0, Report(harness, "up"));
        var target = Assert.Single(harness.Manager.GetTargets());
        Assert.Equal("down", target.Health);
        Assert.Contains("sample_limit of 2", target.LastError, StringComparison.Ordinal);
        Assert.Equal(1, harness.Metrics.RejectedSamples(IngestionSource.Scrape, RejectReason.SampleLimit));
    }

    [Fact]
    public async Task Scrape_OverBodySizeLimit_Fails()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", string.Concat(Enumerable.Range(0, 100).Select(i => $"metric_{i} {i}\n")));
        await harness.Manager.ApplyAsync([harness.Endpoint() with { BodySizeLimitBytes = 200 }]);

        await harness.ScrapeAsync();

        Assert.Empty(harness.Storage.Find("__name__", "metric_1"));
        Assert.Equal(0, Report(harness, "up"));
        Assert.Contains("body_size_limit of 200 bytes", Assert.Single(harness.Manager.GetTargets()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_SlowTarget_TimesOut()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\n", delay: TimeSpan.FromSeconds(5));
        await harness.Manager.ApplyAsync([harness.Endpoint() with { ScrapeTimeout = TimeSpan.FromMilliseconds(300) }]);

        await harness.ScrapeAsync();

        Assert.Equal(0, Report(harness, "up"));
        Assert.Contains("timed out after 0.3s", Assert.Single(harness.Manager.GetTargets()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_InvalidPayload_ReportsLineAndGoesDown()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\nb not-a-number\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);

        await harness.ScrapeAsync();

        Assert.Equal(0, Report(harness, "up"));
        Assert.Contains("line 2", Assert.Single(harness.Manager.GetTargets()).LastError, StringComparison.Ordinal);
        Assert.Equal(1, harness.Metrics.RejectedSamples(IngestionSource.Scrape, RejectReason.ParseError));
    }

    [Fact]
    public async Task Scrape_SeriesDisappears_WritesStaleMarker()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\nb 2\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);
        await harness.ScrapeAsync();

        harness.Server.Set("/metrics", "a 1\n");
        await harness.ScrapeAsync();

        var b = Assert.Single(harness.Storage.Find("__name__", "b")).Samples;
        Assert.Equal(2, b.Count);
        Assert.Equal(2, b[0].Value);
        Assert.True(StaleMarker.IsStale(b[1].Value));
        var a = Assert.Single(harness.Storage.Find("__name__", "a")).Samples;
        Assert.All(a, s => Assert.False(StaleMarker.IsStale(s.Value)));
        Assert.Equal(0, Report(harness, "scrape_series_added"));
    }

    [Fact]
    public async Task Scrape_TargetFails_MarksPreviousSeriesStale()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);
        await harness.ScrapeAsync();

        harness.Server.Set("/metrics", "gone", status: 503);
        await harness.ScrapeAsync();

        Assert.True(StaleMarker.IsStale(Assert.Single(harness.Storage.Find("__name__", "a")).Samples[^1].Value));
        Assert.Equal(0, Report(harness, "up"));
        Assert.Contains("HTTP status 503", Assert.Single(harness.Manager.GetTargets()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_CommitFails_CountsLostSamples()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);
        harness.Storage.FailCommits = true;

        await harness.ScrapeAsync();

        Assert.Empty(harness.Storage.AllSeries());
        Assert.Contains("disk full", Assert.Single(harness.Manager.GetTargets()).LastError, StringComparison.Ordinal);
        Assert.Equal(6, harness.Metrics.RejectedSamples(IngestionSource.Scrape, RejectReason.CommitFailed));
    }

    [Fact]
    public async Task Scrape_InstancePaths_ScrapedSeparately()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/vllm", "a 1\n");
        harness.Server.Set("/sglang", "a 2\n");
        await harness.Manager.ApplyAsync(
        [
            harness.Endpoint(
                "chat",
                new ScrapeInstance { Address = harness.Server.Address, MetricsPath = "/vllm", Instance = "vllm-0" },
                new ScrapeInstance { Address = harness.Server.Address, MetricsPath = "/sglang", Instance = "sglang-0" }),
        ]);

        Assert.Equal(["/sglang", "/vllm"], harness.Manager.GetTargets().Select(t => t.ScrapeUrl.AbsolutePath));
        foreach (var target in harness.Manager.GetTargets())
        {
            Assert.Equal(target.ScrapeUrl.AbsolutePath, target.DiscoveredLabels.Get("__metrics_path__"));
        }
    }

    internal static double Report(ScrapeHarness harness, string name) =>
        Assert.Single(harness.Storage.Find("__name__", name)).Samples[^1].Value;
}

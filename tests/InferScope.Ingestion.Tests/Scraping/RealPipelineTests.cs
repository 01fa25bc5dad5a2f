using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.Scraping;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Support;
using InferScope.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Ingestion.Tests.Scraping;

/// <summary>Scrapes captured engine payloads through the product's parser and engine adapters.</summary>
public sealed class RealPipelineTests
{
    [Fact]
    public async Task VllmPayload_DetectedAndNormalized()
    {
        await using var run = await RunAsync("vllm-v0-0.5.prom", detailed: true);

        var target = Assert.Single(run.Manager.GetTargets());
        Assert.Equal("up", target.Health);
        Assert.Equal("vllm", target.Labels.Get("engine"));
        var unified = run.Storage.AllSeries().Where(l => l.MetricName.StartsWith("llm_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(unified);
        Assert.All(unified, l => Assert.Equal("us-east-1a", l.Get("az")));
        Assert.All(unified, l => Assert.Equal("vllm", l.Get("engine")));
        Assert.Contains(unified, l => l.MetricName == "llm_e2e_request_latency_seconds_count");
        Assert.Contains(run.Storage.AllSeries(), l => l.MetricName == "vllm:e2e_request_latency_seconds_count");
    }

    [Fact]
    public async Task DetailedOff_KeepsOnlyBasicFamilies()
    {
        await using var run = await RunAsync("vllm-v0-0.5.prom", detailed: false);

        var names = run.Storage.AllSeries().Select(l => l.MetricName).Distinct().ToList();
        Assert.DoesNotContain(names, n => n.StartsWith("vllm:", StringComparison.Ordinal));
        Assert.Contains("llm_e2e_request_latency_seconds_count", names);
        Assert.DoesNotContain("llm_requests_running", names);
        Assert.Contains("up", names);
    }

    [Theory]
    [InlineData("sglang-0.4-docs.prom", "sglang")]
    [InlineData("dcgm-exporter-4.x.prom", "dcgm")]
    [InlineData("node-exporter-1.5.prom", "node")]
    public async Task EnginePayload_DetectedFromFirstScrape(string fixture, string engine)
    {
        await using var run = await RunAsync(fixture, detailed: true);

        var target = Assert.Single(run.Manager.GetTargets());
        Assert.Equal("up", target.Health);
        Assert.Equal(engine, target.Labels.Get("engine"));
    }

    private static async Task<Run> RunAsync(string fixture, bool detailed)
    {
        var server = await TestHttpServer.StartAsync();
        server.Set("/metrics", await File.ReadAllTextAsync(SharedData.PathOf("fixtures", "engines", fixture)));
        var run = new Run(server);
        await run.Manager.ApplyAsync(
        [
            new ScrapeEndpoint
            {
                Name = "chat",
                Instances = [new ScrapeInstance { Address = server.Address, Az = "us-east-1a" }],
                MetricsPublishFrequencySeconds = 300,
                EnableDetailedObservability = detailed,
            },
        ]);
        await run.Manager.FindLoop("chat", server.Address)!.ScrapeOnceAsync(CancellationToken.None);
        return run;
    }

    private sealed class Run(TestHttpServer server) : IAsyncDisposable
    {
        private readonly HttpClient client = new();

        public MemoryStorage Storage { get; } = new();

        public ScrapeManager Manager => field ??= new ScrapeManager(
            Storage,
            ExpositionPayloadDecoder.Instance,
            EnginePayloadNormalizer.Instance,
            client,
            new IngestionMetrics(),
            NullLogger<ScrapeManager>.Instance,
            new ScrapeManagerOptions { SpreadScrapes = false, AutoScrape = false });

        public async ValueTask DisposeAsync()
        {
            await Manager.DisposeAsync();
            await server.DisposeAsync();
            client.Dispose();
        }
    }
}

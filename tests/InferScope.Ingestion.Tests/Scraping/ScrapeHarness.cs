using InferScope.Ingestion.Scraping;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Ingestion.Tests.Scraping;

/// <summary>A scrape manager over in-memory storage and a loopback metrics server.</summary>
internal sealed class ScrapeHarness : IAsyncDisposable
{
    private readonly HttpClient httpClient = new();

    private ScrapeHarness(TestHttpServer server, bool autoScrape)
    {
        Server = server;
        Manager = new ScrapeManager(
            Storage,
            Decoder,
            Normalizer,
            httpClient,
            Metrics,
            NullLogger<ScrapeManager>.Instance,
            new ScrapeManagerOptions { SpreadScrapes = false, AutoScrape = autoScrape });
    }

    public TestHttpServer Server { get; }

    public MemoryStorage Storage { get; } = new();

    public TestTextDecoder Decoder { get; } = new();

    public TestNormalizer Normalizer { get; } = new();

    public IngestionMetrics Metrics { get; } = new();

    public ScrapeManager Manager { get; }

    public static async Task<ScrapeHarness> StartAsync(bool autoScrape = false) =>
        new(await TestHttpServer.StartAsync(), autoScrape);

    public ScrapeEndpoint Endpoint(string name = "chat", params ScrapeInstance[] instances) => new()
    {
        Name = name,
        Instances = instances.Length > 0 ? instances : [new ScrapeInstance { Address = Server.Address }],
        MetricsPublishFrequencySeconds = 300,
    };

    /// <summary>Scrapes a target once by hand.</summary>
    public Task ScrapeAsync(string endpoint = "chat", string? address = null)
    {
        var loop = Manager.FindLoop(endpoint, address ?? Server.Address)
            ?? throw new InvalidOperationException($"no target {address} in {endpoint}");
        return loop.ScrapeOnceAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        await Server.DisposeAsync();
        httpClient.Dispose();
    }
}

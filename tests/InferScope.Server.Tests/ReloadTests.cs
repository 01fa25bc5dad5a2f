using System.Net;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

public sealed class ReloadTests
{
    private const string OneEndpoint = "endpoints:\n  - name: chat\n    metrics_publish_frequency_seconds: 60\n";

    [Fact]
    public async Task Reload_ValidChange_AppliedToSubscribers()
    {
        var subscriber = new RecordingSubscriber();
        await using var server = await StartAsync(subscriber);
        await File.WriteAllTextAsync(server.ConfigPath, "endpoints:\n  - name: chat\n    metrics_publish_frequency_seconds: 5\n  - name: code\n");

        var response = await server.Client.PostAsync("/-/reload", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, subscriber.Applied.Count);
        Assert.Equal(5, subscriber.Applied[^1].Endpoints[0].MetricsPublishFrequencySeconds);
        Assert.Equal("code", subscriber.Applied[^1].Endpoints[1].Name);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("inferscope_config_last_reload_successful 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_BrokenFile_RejectedOldKept()
    {
        var subscriber = new RecordingSubscriber();
        await using var server = await StartAsync(subscriber);
        await File.WriteAllTextAsync(server.ConfigPath, "endpoints:\n  - name: chat\n    metrics_publish_frequency_seconds: 0\n");

        var response = await server.Client.PostAsync("/-/reload", null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("failed to reload config: ", body, StringComparison.Ordinal);
        Assert.Contains("line 3, column 40: endpoints[0].metrics_publish_frequency_seconds", body, StringComparison.Ordinal);
        Assert.Single(subscriber.Applied);
        var config = await server.Client.GetStringAsync("/api/v1/status/config");
        Assert.Contains("metrics_publish_frequency_seconds: 60", config, StringComparison.Ordinal);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("inferscope_config_last_reload_successful 0", metrics, StringComparison.Ordinal);
        Assert.Contains("inferscope_config_reload_failures_total 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_GetMethod_NotAllowed405()
    {
        await using var server = await StartAsync(new RecordingSubscriber());

        var response = await server.Client.GetAsync("/-/reload");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task FileWatch_ChangeApplied()
    {
        var subscriber = new RecordingSubscriber();
        await using var server = await StartAsync(subscriber, watchConfig: true);

        await File.WriteAllTextAsync(server.ConfigPath, "endpoints:\n  - name: chat\n    enable_detailed_observability: false\n");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (subscriber.Applied.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(subscriber.Applied.Count >= 2, "the file change was not picked up within 20 s");
        Assert.False(subscriber.Applied[^1].Endpoints[0].EnableDetailedObservability);
    }

    [Fact]
    public async Task Shutdown_DisposesStorage()
    {
        var server = await StartAsync(new RecordingSubscriber());
        var store = server.Store;

        await server.DisposeAsync();

        Assert.True(store.Disposed);
    }

    private static Task<TestServer> StartAsync(RecordingSubscriber subscriber, bool watchConfig = false) =>
        TestServer.StartAsync(OneEndpoint, watchConfig, (store, engine) => new ServerComponents
        {
            QueryEngine = engine,
            Queryable = store,
            Storage = store,
            Subscribers = [subscriber],
        });

    private sealed class RecordingSubscriber : IConfigSubscriber
    {
        private readonly List<InferScopeConfig> applied = [];

        public IReadOnlyList<InferScopeConfig> Applied
        {
            get
            {
                lock (applied)
                {
                    return applied.ToList();
                }
            }
        }

        public Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken)
        {
            lock (applied)
            {
                applied.Add(config);
            }

            return Task.CompletedTask;
        }
    }
}

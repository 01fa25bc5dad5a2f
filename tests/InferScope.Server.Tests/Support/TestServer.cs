using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace InferScope.Server.Tests.Support;

/// <summary>A server on a free loopback port with a configuration file in a temporary folder.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestServer(WebApplication app, string folder, string configPath, MemoryStore store, SelectorQueryEngine engine, ServerComponents components)
    {
        this.app = app;
        Folder = folder;
        ConfigPath = configPath;
        Store = store;
        Engine = engine;
        Components = components;
        BaseAddress = InferScopeHost.BoundAddress(app);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Folder { get; }

    public string ConfigPath { get; }

    public MemoryStore Store { get; }

    public SelectorQueryEngine Engine { get; }

    public ServerComponents Components { get; }

    public Uri BaseAddress { get; }

    /// <summary>The address as host:port, the form promtool and Prometheus targets use.</summary>
    public string HostAndPort => $"{BaseAddress.Host}:{BaseAddress.Port}";

    public HttpClient Client { get; }

    public static async Task<TestServer> StartAsync(
        string yaml = "",
        bool watchConfig = false,
        Func<MemoryStore, SelectorQueryEngine, ServerComponents>? components = null)
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-server-test-").FullName;
        var configPath = Path.Combine(folder, "inferscope.yaml");
        await File.WriteAllTextAsync(configPath, yaml);
        var config = await ConfigLoader.LoadFileAsync(configPath);
        var store = new MemoryStore();
        var engine = new SelectorQueryEngine(store);
        var built = components?.Invoke(store, engine) ?? new ServerComponents { QueryEngine = engine, Queryable = store, Storage = store };
        var app = InferScopeHost.Build(
            new ServerOptions { ConfigPath = configPath, ListenAddress = "127.0.0.1:0", WatchConfig = watchConfig },
            config,
            built,
            logging => { });
        await app.StartAsync();
        return new TestServer(app, folder, configPath, store, engine, built);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temporary folder is left behind.
        }
    }
}

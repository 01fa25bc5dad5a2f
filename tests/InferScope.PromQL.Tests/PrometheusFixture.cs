using InferScope.Model;
using InferScope.PromQL.Remote;
using InferScope.PromQL.Testing;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using InferScope.Storage;
using Microsoft.AspNetCore.Builder;

namespace InferScope.PromQL.Tests;

/// <summary>
/// One Prometheus 2.42 and one InferScope server, both holding <see cref="FleetDataset"/> and
/// both queried through their HTTP APIs, shared by a test class. InferScope serves the data
/// from its embedded store, so the comparison covers storage, engine and JSON encoding.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private PrometheusServer? server;
    private WebApplication? inferScope;
    private Tsdb? tsdb;
    private string? folder;
    private HttpClient? http;

    internal Dictionary<Labels, List<Sample>> Data { get; } = FleetDataset.Build();

    internal ScratchStore Store { get; private set; } = new();

    /// <summary>Prometheus 2.42's HTTP API.</summary>
    public RemoteQueryEngine Remote { get; private set; } = null!;

    /// <summary>InferScope's HTTP API, served by the local engine over the embedded store.</summary>
    public RemoteQueryEngine Served { get; private set; } = null!;

    /// <summary>The local engine called in process, for tests that need no HTTP round trip.</summary>
    public LocalQueryEngine Local { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = FleetDataset.ToStore(Data);
        Local = new LocalQueryEngine(Store);
        server = await PrometheusServer.StartAsync(Data);
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Remote = new RemoteQueryEngine(http, server.Address);

        tsdb = Tsdb.CreateInMemory();
        await FleetDataset.AppendInTimeOrderAsync(Data, tsdb);
        folder = Directory.CreateTempSubdirectory("inferscope-differential-").FullName;
        var configPath = Path.Combine(folder, "inferscope.yaml");
        await File.WriteAllTextAsync(configPath, string.Empty);
        var config = await ConfigLoader.LoadFileAsync(configPath);
        var engine = new LocalQueryEngine(tsdb);
        inferScope = InferScopeHost.Build(
            new ServerOptions { ConfigPath = configPath, ListenAddress = "127.0.0.1:0", WatchConfig = false },
            config,
            new ServerComponents { QueryEngine = engine, Queryable = tsdb, Formatter = new PromQLFormatter() },
            logging => { });
        await inferScope.StartAsync();
        Served = new RemoteQueryEngine(http, InferScopeHost.BoundAddress(inferScope));
    }

    public async Task DisposeAsync()
    {
        Local.Dispose();
        if (inferScope is not null)
        {
            await inferScope.StopAsync();
            await inferScope.DisposeAsync();
        }

        tsdb?.Dispose();
        http?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (folder is not null)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

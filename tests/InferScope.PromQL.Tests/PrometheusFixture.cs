using InferScope.Model;
using InferScope.PromQL.Remote;
using InferScope.PromQL.Testing;

namespace InferScope.PromQL.Tests;

/// <summary>One Prometheus 2.42 and one local engine, both holding <see cref="FleetDataset"/>, shared by a test class.</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private PrometheusServer? server;
    private HttpClient? http;

    internal Dictionary<Labels, List<Sample>> Data { get; } = FleetDataset.Build();

    internal ScratchStore Store { get; private set; } = new();

    public RemoteQueryEngine Remote { get; private set; } = null!;

    public LocalQueryEngine Local { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = FleetDataset.ToStore(Data);
        Local = new LocalQueryEngine(Store);
        server = await PrometheusServer.StartAsync(Data);
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Remote = new RemoteQueryEngine(http, server.Address);
    }

    public async Task DisposeAsync()
    {
        Local.Dispose();
        http?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

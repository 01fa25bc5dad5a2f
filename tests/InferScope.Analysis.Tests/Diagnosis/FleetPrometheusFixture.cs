using InferScope.Analysis.Tests.Support;

namespace InferScope.Analysis.Tests.Diagnosis;

/// <summary>
/// One Prometheus loaded with a fleet where each endpoint carries one injected fault from
/// <see cref="FleetDataset.FaultAt"/> on, shared by the diagnosis, scaling and comparison tests.
/// </summary>
public sealed class FleetPrometheusFixture : IAsyncLifetime
{
    internal PrometheusServer Server { get; private set; } = null!;

    internal static EndpointProfile Healthy { get; } = new();

    public async Task InitializeAsync()
    {
        var fleet = new FleetDataset();
        fleet.AddEndpoint("healthy", Healthy with { Ranks = 2 }, _ => null);
        fleet.AddEndpoint("kvqueue", Healthy, _ => Healthy with { KvUsage = 0.97, Waiting = 12, Queue = 2, Ttft = 2.5, PreemptionsPerSecond = 0.05 });
        fleet.AddEndpoint("prefill", Healthy, _ => Healthy with { Ttft = 3, PromptTokens = 8000 });
        fleet.AddEndpoint("decode", Healthy, _ => Healthy with { Itl = 0.3, Running = 30 });
        fleet.AddEndpoint("overhead", Healthy, az => az == "b" ? Healthy with { Overhead = 0.8 } : null);
        fleet.AddEndpoint("aznotraffic", Healthy, az => az == "b" ? Healthy with { RequestsPerSecond = 0, Running = 0 } : Healthy with { RequestsPerSecond = 4 });
        fleet.AddEndpoint("thermal", Healthy, az => az == "b" ? Healthy with { ThrottleRatio = 0.6, GpuTemperature = 93, Itl = 0.15 } : null);
        fleet.AddEndpoint("xid", Healthy, az => az == "a" ? Healthy with { XidPerSecond = 0.01 } : null);
        fleet.AddEndpoint("down", Healthy, az => az == "a" ? Healthy with { Up = false } : null);
        fleet.AddEndpoint("benchmark", Healthy with { Running = 2, RequestsPerSecond = 1, OutputTokens = 150 }, _ => null);
        fleet.AddEndpoint("errors", Healthy, _ => Healthy with { ErrorRatio = 0.3 });
        fleet.AddEndpoint("missing", Healthy with { PublishesKvUsage = false }, _ => null);
        fleet.AddEndpoint("storm", Healthy, _ => Healthy with { PreemptionsPerSecond = 1.5, KvUsage = 0.7 });

        // KV-cache occupancy rising steadily from 30% to 80% over the hour, for the queue prediction.
        var rising = InferScope.Model.Labels.FromPairs("endpoint", "rising", "az", "a", "instance", "rising-a");
        var hour = (FleetDataset.End - FleetDataset.Start).TotalSeconds;
        fleet.Data.Gauge(Analysis.LlmMetrics.KvCacheUsage, rising, t => 0.3 + (0.5 * (t - FleetDataset.Start).TotalSeconds / hour));
        fleet.Data.Gauge(Analysis.LlmMetrics.RequestsRunning, rising, _ => 4);
        fleet.Data.Gauge(Analysis.LlmMetrics.RequestsWaiting, rising, _ => 0);
        Server = await PrometheusServer.StartAsync(fleet.Data);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

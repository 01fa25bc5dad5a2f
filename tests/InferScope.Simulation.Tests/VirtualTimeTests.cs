using System.Security.Cryptography;
using System.Text;
using InferScope.Model;
using InferScope.Simulation.Fleet;
using InferScope.Simulation.Scenarios;
using InferScope.Simulation.Virtual;

namespace InferScope.Simulation.Tests;

public sealed class VirtualTimeTests
{
    private sealed class HashingSink : IScrapeSink
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Digest { get; private set; } = string.Empty;

        public ValueTask WriteAsync(ScrapeTarget target, long timestampMs, ScrapeResponse response, CancellationToken cancellationToken)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{target.Address}|{timestampMs}|{response.StatusCode}|{response.Body}\n"));
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            Digest = Convert.ToHexString(hash.GetHashAndReset());
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<string> RunDigest(ScenarioDefinition scenario)
    {
        var sink = new HashingSink();
        var fleet = SimulatedFleet.Create(scenario, FleetHarness.StartUnixSeconds);
        await new VirtualTimeRunner(fleet, sink).RunAsync(1800, 15);
        return sink.Digest;
    }

    [Fact]
    public async Task SameScenarioAndSeed_SameData()
    {
        var first = await RunDigest(FleetHarness.Load("gpu-xid-error"));
        var second = await RunDigest(FleetHarness.Load("gpu-xid-error"));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task DifferentSeed_DifferentData()
    {
        var scenario = FleetHarness.Load("healthy-baseline");
        var first = await RunDigest(scenario);
        scenario.Seed++;
        var second = await RunDigest(scenario);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Runner_AppendsRawAndScrapeSeries()
    {
        var store = new MemoryStore();
        var sink = new PipelineScrapeSink(TestPayloadParser.Parse, null, store);
        var fleet = FleetHarness.Build("gpu-xid-error");
        var summary = await new VirtualTimeRunner(fleet, sink).RunAsync(3000, 15);

        Assert.Equal(0, sink.RejectedSamples);
        Assert.Equal(201 * fleet.Targets.Count, summary.Scrapes);
        Assert.True(summary.FailedScrapes > 0, "the failed instance's engine should fail its scrapes");

        var up = store.Series.Where(s => s.Key.MetricName == "up" && s.Key.Get("instance") == "chat-llama-8b-1:8000").Single().Value;
        Assert.Equal(201, up.Count);
        Assert.Equal(1, up[0].Value);
        Assert.Equal(0, up[^1].Value);

        var ttft = store.Series.Keys.First(k => k.MetricName == "vllm:time_to_first_token_seconds_count");
        Assert.Equal("chat-llama-8b", ttft.Get("endpoint"));
        Assert.Equal("us-east-1a", ttft.Get("az"));
        Assert.Equal("vllm", ttft.Get("engine"));
        Assert.Equal("0", ttft.Get("exported_engine"));
        Assert.Equal("vllm", ttft.Get("job"));
        Assert.Equal(FleetHarness.StartUnixSeconds * 1000, store.Series[ttft][0].TimestampMs);
        Assert.Equal((FleetHarness.StartUnixSeconds + 3000) * 1000, store.Series[ttft][^1].TimestampMs);
    }

    [Fact]
    public void TargetLabels_RenameClashingExposedLabels()
    {
        var exposed = Labels.FromPairs("__name__", "x", "instance", "exposed", "a", "1");
        var target = Labels.FromPairs("instance", "host:1", "job", "j");

        var merged = PipelineScrapeSink.WithTargetLabels(exposed, target);

        Assert.Equal("host:1", merged.Get("instance"));
        Assert.Equal("exposed", merged.Get("exported_instance"));
        Assert.Equal("1", merged.Get("a"));
        Assert.Equal("x", merged.MetricName);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InferScope.Engines;
using InferScope.Simulation.Hosting;
using InferScope.Simulation.Scenarios;

namespace InferScope.Simulation.Tests;

/// <summary>A fleet served from one server, each target under its own path prefix.</summary>
public sealed class SharedServerTests
{
    private const string TwoEndpoints = """
        name: two-endpoints
        root_cause: none
        endpoints:
          - {name: a, instance_type: ml.g6.4xlarge, instance_count: 3, engine: vllm, model: llama-3.1-8b}
          - {name: d, instance_type: ml.g5.2xlarge, instance_count: 2, engine: djl, model: qwen-2.5-7b}
        traffic:
          - {endpoint: a, requests_per_second: 0.5}
        """;

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task SharedServer_GivesEachTargetAPath()
    {
        await using var host = await SimulatedFleetHost.StartAsync(
            ScenarioLoader.Parse(TwoEndpoints, "test"), new FleetHostOptions { SharedServer = true });

        Assert.Equal((3 * 3) + (2 * 3) + 1, host.Targets.Count);
        Assert.Single(host.Targets.Select(t => t.Address).Distinct());
        Assert.Equal(host.Targets.Count, host.Targets.Select(t => t.MetricsPath).Distinct().Count());
        Assert.Equal("/targets/0/metrics", host.Targets[0].MetricsPath);
        foreach (var target in host.Targets)
        {
            using var response = await Client.GetAsync(target.MetricsUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty(await response.Content.ReadAsStringAsync());
        }

        var djl = host.Targets.First(t => t.Target.Kind == EngineKind.Djl);
        Assert.EndsWith("/server/metrics", djl.MetricsPath, StringComparison.Ordinal);
        using var ping = await Client.GetAsync(djl.UrlOf("/ping"));
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        using var missing = await Client.GetAsync(new Uri(djl.BaseAddress, "/targets/9999/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Completion_ReachesTheReplicaOfItsPath()
    {
        await using var host = await SimulatedFleetHost.StartAsync(
            ScenarioLoader.Parse(TwoEndpoints, "test"), new FleetHostOptions { SharedServer = true });
        var vllm = host.Targets.Where(t => t.Target.Kind == EngineKind.Vllm).ToList();

        using var response = await Client.PostAsJsonAsync(vllm[1].UrlOf("/v1/completions"), new { prompt = "Hello there", max_tokens = 7 });
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var models = JsonDocument.Parse(await Client.GetStringAsync(vllm[1].UrlOf("/v1/models"))).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", models.GetProperty("data")[0].GetProperty("id").GetString());
        var generated = new List<double>();
        foreach (var target in vllm)
        {
            generated.Add(SampleReader.Parse(await Client.GetStringAsync(target.MetricsUrl)).Sum("vllm:generation_tokens_total"));
        }

        // Background traffic adds tokens too, so the replica that served the request has at least its 7.
        Assert.True(generated[1] >= 7, $"generation tokens per replica: {string.Join(", ", generated)}");
    }
}

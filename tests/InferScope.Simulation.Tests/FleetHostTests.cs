using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InferScope.Engines;
using InferScope.Exposition;
using InferScope.Simulation.Hosting;
using InferScope.Simulation.Scenarios;

namespace InferScope.Simulation.Tests;

/// <summary>Runs small fleets in real time on loopback and talks to them over HTTP.</summary>
public sealed class FleetHostTests
{
    private const string FourEngines = """
        name: four-engines
        root_cause: none
        endpoints:
          - {name: a, instance_type: ml.g6.4xlarge, engine: vllm, model: llama-3.1-8b}
          - {name: b, instance_type: ml.g6.4xlarge, engine: sglang, model: llama-3.1-8b}
          - {name: c, instance_type: ml.g5.2xlarge, engine: tgi, model: mistral-7b}
          - {name: d, instance_type: ml.g5.2xlarge, engine: djl, model: qwen-2.5-7b}
        traffic:
          - {endpoint: a, requests_per_second: 0.5}
        """;

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task EveryTarget_ServesParseableMetrics()
    {
        await using var host = await SimulatedFleetHost.StartAsync(ScenarioLoader.Parse(FourEngines, "test"));

        Assert.Equal(4 + 4 + 4 + 1, host.Targets.Count);
        foreach (var target in host.Targets)
        {
            using var response = await Client.GetAsync(target.MetricsUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            var body = await response.Content.ReadAsByteArrayAsync();
            var payload = ExpositionParser.Parse(body, response.Content.Headers.ContentType.ToString());
            Assert.NotEmpty(payload.Families);
            if (target.Target.Kind is not EngineKind.Unknown)
            {
                var normalized = EngineNormalizer.Normalize(payload, target.Target.Kind);
                Assert.Equal(target.Target.Kind, normalized.Engine);
                Assert.NotEmpty(normalized.Unified);
            }
        }

        var djl = host.Targets.Single(t => t.Target.Kind == EngineKind.Djl);
        Assert.Equal("/server/metrics", djl.MetricsUrl.AbsolutePath);
        using var ping = await Client.GetAsync(new Uri(djl.BaseAddress, "/ping"));
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
    }

    [Fact]
    public async Task PublishFrequency_ServesSameValuesUntilDue()
    {
        const string yaml = """
            name: hourly-metrics
            endpoints:
              - {name: hourly, instance_type: ml.g6.4xlarge, metrics_publish_frequency_seconds: 3600}
              - {name: live, instance_type: ml.g6.4xlarge}
            """;
        await using var host = await SimulatedFleetHost.StartAsync(ScenarioLoader.Parse(yaml, "test"));
        var hourly = host.Targets.Single(t => t.Target.Job == "node" && t.Target.Labels.Get("endpoint") == "hourly");
        var live = host.Targets.Single(t => t.Target.Job == "node" && t.Target.Labels.Get("endpoint") == "live");

        var hourlyFirst = await Client.GetStringAsync(hourly.MetricsUrl);
        var liveFirst = await Client.GetStringAsync(live.MetricsUrl);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var hourlySecond = await Client.GetStringAsync(hourly.MetricsUrl);
        var liveSecond = await Client.GetStringAsync(live.MetricsUrl);

        // node_time_seconds moves every second, so only a held publication repeats the body.
        Assert.Equal(hourlyFirst, hourlySecond);
        Assert.NotEqual(liveFirst, liveSecond);
    }

    [Fact]
    public async Task ChatCompletion_StreamsTokensThenUsage()
    {
        await using var host = await SimulatedFleetHost.StartAsync(ScenarioLoader.Parse(FourEngines, "test"));
        var vllm = host.Targets.Single(t => t.Target.Kind == EngineKind.Vllm);
        var body = """{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Say something about KV caches."}],"max_tokens":12,"stream":true}""";

        using var response = await Client.PostAsync(new Uri(vllm.BaseAddress, "/v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e).RootElement).ToList();
        var content = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0
            && c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out _)).ToList();
        Assert.Equal(12, content.Count);
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("length", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal(12, usage.GetProperty("completion_tokens").GetInt32());
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal("chat.completion.chunk", chunks[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task Completion_NonStreaming_ReturnsTextAndUsage()
    {
        await using var host = await SimulatedFleetHost.StartAsync(ScenarioLoader.Parse(FourEngines, "test"));
        var sglang = host.Targets.Single(t => t.Target.Kind == EngineKind.Sglang);

        using var response = await Client.PostAsJsonAsync(new Uri(sglang.BaseAddress, "/v1/completions"), new { prompt = "Hello there", max_tokens = 5 });
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text_completion", json.GetProperty("object").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal(5, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        using var metrics = await Client.GetAsync(sglang.MetricsUrl);
        var samples = SampleReader.Parse(await metrics.Content.ReadAsStringAsync());
        Assert.True(samples.Sum("sglang:generation_tokens_total") >= 5);
    }

    [Fact]
    public async Task Models_ListsServedModel_AndRejectsOthers()
    {
        await using var host = await SimulatedFleetHost.StartAsync(ScenarioLoader.Parse(FourEngines, "test"));
        var tgi = host.Targets.Single(t => t.Target.Kind == EngineKind.Tgi);

        var models = JsonDocument.Parse(await Client.GetStringAsync(new Uri(tgi.BaseAddress, "/v1/models"))).RootElement;
        using var wrong = await Client.PostAsJsonAsync(new Uri(tgi.BaseAddress, "/v1/completions"), new { model = "gpt-4", prompt = "x" });
        using var invalid = await Client.PostAsync(new Uri(tgi.BaseAddress, "/v1/completions"), new StringContent("{", Encoding.UTF8, "application/json"));

        Assert.Equal("mistralai/Mistral-7B-Instruct-v0.3", models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Contains("does not exist", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task ColdStart_HealthIs503UntilLoaded()
    {
        const string cold = """
            name: cold
            endpoints:
              - name: a
                instance_type: ml.g6.4xlarge
                engine: vllm
                model: llama-3.1-8b
                startup: {warm: false, download_gb_per_second: 4, container_start_seconds: 5, health_check_interval_seconds: 2}
            """;
        // At twice real time the startup (at least 10 simulated seconds) leaves 5 s for the first requests.
        await using var host = await SimulatedFleetHost.StartAsync(ScenarioLoader.Parse(cold, "test"), new FleetHostOptions { TimeScale = 2 });
        var engine = host.Targets.Single(t => t.Target.Kind == EngineKind.Vllm);
        var health = new Uri(engine.BaseAddress, "/health");

        using (var first = await Client.GetAsync(health))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        }

        using (var early = await Client.PostAsJsonAsync(new Uri(engine.BaseAddress, "/v1/completions"), new { prompt = "x" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var status = HttpStatusCode.ServiceUnavailable;
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            using var response = await Client.GetAsync(health);
            status = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
        var control = host.Targets.Single(t => t.Target.Job == "inferscope-simulator");
        var samples = SampleReader.Parse(await Client.GetStringAsync(control.MetricsUrl));
        Assert.Equal(1, samples.Sum("llm_deployment_status", ("state", "InService")));
        Assert.InRange(samples.Sum("llm_deployment_startup_seconds"), 10, 40);
    }
}

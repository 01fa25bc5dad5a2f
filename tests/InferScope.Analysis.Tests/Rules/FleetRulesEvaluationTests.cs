using InferScope.Analysis.Rules;
using InferScope.Analysis.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Analysis.Tests.Rules;

public class FleetRulesEvaluationTests
{
    [Fact]
    public async Task FleetRules_KnownHistograms_RecordQuantilesAndBounds()
    {
        var fleet = new FleetDataset();
        var healthy = new EndpointProfile { Ranks = 2 };
        fleet.AddEndpoint("normal", healthy, _ => null);
        fleet.AddEndpoint("beyond", healthy with { Ttft = 200 }, _ => null);
        fleet.AddEndpoint("tiny", healthy with { Ttft = 0.0001 }, _ => null);
        await using var prometheus = await PrometheusServer.StartAsync(fleet.Data);
        var output = new CapturingAppendable();
        var manager = new RuleManager(prometheus.Engine, output, [], new RuleManagerOptions(), NullLogger<RuleManager>.Instance);
        manager.Load(FleetRules.Build(new FleetRulesOptions
        {
            Slos = [new EndpointSlo("normal", 0.25, 0.05)],
            InstancePricesPerHour = new Dictionary<string, double> { ["none"] = 1 },
        }));

        await manager.EvaluateAllAsync(FleetDataset.End);

        Assert.All(manager.GetGroups().SelectMany(g => g.Rules), r => Assert.True(r.Health == RuleHealth.Ok, r.Definition.Name + ": " + r.LastError));
        double Recorded(string name, string endpoint) =>
            output.Samples.Single(s => s.Labels.MetricName == name && s.Labels.Get("endpoint") == endpoint).Value;
        var ttft = LlmMetrics.TimeToFirstToken;

        // Observations 0.1 .. 0.4 around 0.2: 1 of 10 up to 0.1, 8 up to 0.25, all 10 up to 0.5.
        Assert.Equal(0.1 + (0.15 * 4 / 7), Recorded(FleetRules.QuantileName("endpoint", ttft, 0.5), "normal"), 9);
        Assert.Equal(0, Recorded(FleetRules.BoundName("endpoint", ttft, 0.99), "normal"));
        Assert.Equal(80, Recorded(FleetRules.QuantileName("endpoint", ttft, 0.99), "beyond"), 9);
        Assert.Equal(1, Recorded(FleetRules.BoundName("endpoint", ttft, 0.99), "beyond"));
        Assert.Equal(-1, Recorded(FleetRules.BoundName("endpoint", ttft, 0.5), "tiny"));
        Assert.Equal(0.2 * 1.07, Recorded(FleetRules.MeanName("endpoint", ttft), "normal"), 9);

        // Two instances at 2 requests/s, split evenly over the two AZs.
        Assert.Equal(0.5, output.Samples.Single(s => s.Labels.MetricName == LlmMetrics.TrafficAzShare && s.Labels.Get("endpoint") == "normal" && s.Labels.Get("az") == "a").Value, 9);
        Assert.Equal(0, Recorded(LlmMetrics.TrafficAzImbalance, "normal"), 9);
        Assert.Equal(2, Recorded("endpoint:llm_instances:count", "normal"));
        Assert.Equal(0.4, Recorded("endpoint:llm_kv_cache_usage_ratio:avg", "normal"), 9);

        // 8 of 10 first tokens within 0.25s and 9 of 10 token gaps within 0.05s: the goodput lower
        // bound is (0.8 + 0.9 - 1) of 4 requests/s.
        Assert.Equal(0.8, Recorded("endpoint:llm_time_to_first_token_slo:attainment", "normal"), 9);
        Assert.Equal(0.9, Recorded("endpoint:llm_inter_token_latency_slo:attainment", "normal"), 9);
        Assert.Equal(2.8, Recorded("endpoint:llm_goodput_requests:rate5m", "normal"), 9);
    }
}

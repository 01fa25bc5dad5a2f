using System.Text.Json;
using InferScope.Analysis.Scaling;
using InferScope.Analysis.Tests.Diagnosis;
using InferScope.Analysis.Tests.Support;

namespace InferScope.Analysis.Tests.Scaling;

public class ScalingAdvisorTests(FleetPrometheusFixture fleet) : IClassFixture<FleetPrometheusFixture>
{
    [Fact]
    public async Task Advise_KvQueuing_ScalesOutOnKvTarget()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy());

        var advice = Assert.Single(await advisor.AdviseAsync(FleetDataset.End, "kvqueue"));

        // Two instances at 97% against 45%: ceil(2 * 0.97 / 0.45) = 5. Twelve waiting per instance
        // at 8 running per instance: 2 + ceil(24 / 8) = 5.
        Assert.Equal(2, advice.CurrentInstances);
        Assert.Equal(5, advice.DesiredByKvUsage);
        Assert.Equal(5, advice.DesiredByQueue);
        Assert.Equal(5, advice.DesiredInstances);
        Assert.Contains("scale out from 2 to 5", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advise_Healthy_KeepsCount()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy());

        var advice = Assert.Single(await advisor.AdviseAsync(FleetDataset.End, "healthy"));

        Assert.Equal(2, advice.DesiredInstances);
        Assert.Null(advice.QueueBuildsAt);
    }

    [Fact]
    public async Task Advise_MissingKvMetric_SaysWhy()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy());

        var advice = Assert.Single(await advisor.AdviseAsync(FleetDataset.End, "missing"));

        Assert.Null(advice.DesiredInstances);
        Assert.Contains("llm_kv_cache_usage_ratio is missing", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advise_StaleSignal_SaysWhy()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy());

        var advice = Assert.Single(await advisor.AdviseAsync(FleetDataset.End.AddMinutes(4), "healthy"));

        Assert.Null(advice.DesiredInstances);
        Assert.Contains("stale", advice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advise_RisingOccupancy_PredictsQueue()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy());

        var advice = Assert.Single(await advisor.AdviseAsync(FleetDataset.End, "rising"));

        // Occupancy rises 0.5 per hour and is about 0.79 over the last 5 minutes: 90% is about 13 minutes away.
        Assert.NotNull(advice.QueueBuildsAt);
        Assert.InRange((advice.QueueBuildsAt!.Value - FleetDataset.End).TotalMinutes, 11, 15);
    }

    [Fact]
    public async Task Record_Advice_WritesCatalogMetrics()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy());
        var output = new CapturingAppendable();

        await ScalingAdvisor.RecordAsync(output, await advisor.AdviseAsync(FleetDataset.End, "kvqueue"), FleetDataset.End, advisor.Policy);

        Assert.Equal(5, output.Samples.Single(s => s.Labels.MetricName == "llm_scaling_desired_instances").Value);
        Assert.Equal(0.97 / 0.45, output.Samples.Single(s => s.Labels.Get("signal") == "kv_cache_usage").Value, 6);
    }

    [Fact]
    public async Task Json_AllEndpointsAndKeda_HaveDesiredCount()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy());
        var advice = await advisor.AdviseAsync(FleetDataset.End);

        using var all = JsonDocument.Parse(Write(w => ScalingJson.Write(w, advice)));
        var kvqueue = all.RootElement.GetProperty("data").GetProperty("endpoints").EnumerateArray()
            .Single(e => e.GetProperty("endpoint").GetString() == "kvqueue");
        Assert.Equal(5, kvqueue.GetProperty("desiredInstances").GetInt32());
        Assert.True(kvqueue.GetProperty("advised").GetBoolean());

        using var keda = JsonDocument.Parse(Write(w => ScalingJson.WriteKeda(w, advice.Single(a => a.Endpoint == "kvqueue"))));
        Assert.Equal(5, keda.RootElement.GetProperty("desiredInstances").GetInt32());

        using var kedaMissing = JsonDocument.Parse(Write(w => ScalingJson.WriteKeda(w, advice.Single(a => a.Endpoint == "missing"))));
        Assert.False(kedaMissing.RootElement.TryGetProperty("desiredInstances", out _));
        Assert.Contains("missing", kedaMissing.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 8, null, null, 8, null)]
    [InlineData(4, 8, -60, null, 4, 120)]
    [InlineData(4, 200, null, null, 100, null)]
    [InlineData(10, 6, null, -300, 10, 300)]
    [InlineData(10, 6, null, -900, 6, null)]
    [InlineData(10, 9, null, null, 10, null)]
    [InlineData(3, 0, null, null, 1, null)]
    public void Decide_LimitsAndCooldowns_Apply(int current, int requested, int? scaleOutAgoSeconds, int? changeAgoSeconds, int expected, int? cooldownLeftSeconds)
    {
        var now = FleetDataset.End;
        DateTimeOffset? lastScaleOut = scaleOutAgoSeconds is { } a ? now.AddSeconds(a) : null;
        DateTimeOffset? lastChange = changeAgoSeconds is { } c ? now.AddSeconds(c) : lastScaleOut;

        var (desired, cooldownUntil, _) = ScalingDecision.Decide(new ScalingPolicy(), current, requested, now, lastScaleOut, lastChange);

        Assert.Equal(expected, desired);
        Assert.Equal(cooldownLeftSeconds is { } left ? now.AddSeconds(left) : null, cooldownUntil);
    }

    [Fact]
    public async Task Advise_Repeated_HoldsScaleOutCooldown()
    {
        var advisor = new ScalingAdvisor(fleet.Server.Engine, new ScalingPolicy { ScaleOutCooldown = TimeSpan.FromMinutes(10) });

        // Two minutes into the fault the 5-minute averages ask for 4; two minutes later for 5.
        var first = Assert.Single(await advisor.AdviseAsync(FleetDataset.FaultAt.AddMinutes(2), "kvqueue"));
        var second = Assert.Single(await advisor.AdviseAsync(FleetDataset.FaultAt.AddMinutes(4), "kvqueue"));

        Assert.Equal(4, first.DesiredInstances);
        Assert.Equal(5, Math.Max(second.DesiredByKvUsage!.Value, second.DesiredByQueue!.Value));
        Assert.Equal(4, second.DesiredInstances);
        Assert.Equal(FleetDataset.FaultAt.AddMinutes(12), second.CooldownUntil);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

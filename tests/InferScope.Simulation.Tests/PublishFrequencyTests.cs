using InferScope.Simulation.Fleet;
using InferScope.Simulation.Scenarios;
using InferScope.Simulation.Virtual;

namespace InferScope.Simulation.Tests;

public sealed class PublishFrequencyTests
{
    private const string TwoEndpoints = """
        name: two-frequencies
        scrape_interval: 15s
        endpoints:
          - name: fast
            instance_count: 1
          - name: slow
            instance_count: 1
            metrics_publish_frequency_seconds: 60
        """;

    [Fact]
    public void Loader_ReadsPublishFrequency()
    {
        var scenario = ScenarioLoader.Parse(TwoEndpoints, "two-frequencies.yaml");

        Assert.Null(scenario.Endpoints[0].MetricsPublishFrequencySeconds);
        Assert.Equal(60, scenario.Endpoints[1].MetricsPublishFrequencySeconds);
    }

    [Fact]
    public void Validator_RejectsZeroFrequency()
    {
        var yaml = TwoEndpoints.Replace("metrics_publish_frequency_seconds: 60", "metrics_publish_frequency_seconds: 0", StringComparison.Ordinal);

        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "zero.yaml"));

        Assert.Contains("metrics_publish_frequency_seconds is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_ScrapesEachEndpointAtItsFrequency()
    {
        var fleet = SimulatedFleet.Create(ScenarioLoader.Parse(TwoEndpoints, "two-frequencies.yaml"), FleetHarness.StartUnixSeconds);
        var store = new MemoryStore();
        var sink = new PipelineScrapeSink(TestPayloadParser.Parse, null, store);

        var summary = await new VirtualTimeRunner(fleet, sink).RunAsync(600, 15);

        var fastTargets = fleet.Targets.Count(t => t.Labels.Get("endpoint") == "fast");
        var slowTargets = fleet.Targets.Count(t => t.Labels.Get("endpoint") == "slow");
        var otherTargets = fleet.Targets.Count - fastTargets - slowTargets;
        Assert.Equal(3, slowTargets);
        Assert.Equal((41 * (fastTargets + otherTargets)) + (11 * slowTargets), summary.Scrapes);
        Assert.Equal(600, summary.VirtualSeconds);

        var up = store.Series.Where(s => s.Key.MetricName == "up").ToList();
        foreach (var (labels, samples) in up.Where(s => s.Key.Get("endpoint") == "slow"))
        {
            Assert.Equal(11, samples.Count);
            Assert.All(samples, s => Assert.Equal(0, (s.TimestampMs - (FleetHarness.StartUnixSeconds * 1000)) % 60_000));
        }

        foreach (var (labels, samples) in up.Where(s => s.Key.Get("endpoint") == "fast"))
        {
            Assert.Equal(41, samples.Count);
        }
    }

    [Fact]
    public void Schedule_AlignsIntervalsAtCommonMultiples()
    {
        var fleet = SimulatedFleet.Create(ScenarioLoader.Parse(TwoEndpoints, "two-frequencies.yaml"), FleetHarness.StartUnixSeconds);
        var schedule = new ScrapeSchedule(fleet.Targets, 15);
        var due = new List<ScrapeTarget>();
        schedule.SkipTo(50);

        Assert.Equal(60, schedule.Next(1000, due));
        Assert.Equal(fleet.Targets.Count, due.Count);
        Assert.Equal(75, schedule.Next(1000, due));
        Assert.DoesNotContain(due, t => t.Labels.Get("endpoint") == "slow");
        Assert.Null(schedule.Next(80, due));
    }
}

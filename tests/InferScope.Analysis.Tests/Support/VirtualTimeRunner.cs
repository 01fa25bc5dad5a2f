using System.Text;
using InferScope.Engines;
using InferScope.Exposition;
using InferScope.Model;
using InferScope.PromQL;
using InferScope.Simulation.Fleet;
using InferScope.Simulation.Scenarios;
using InferScope.Simulation.Virtual;
using InferScope.Storage;

namespace InferScope.Analysis.Tests.Support;

/// <summary>
/// Runs a shipped scenario in virtual time through the path real scrapes take: render each
/// target, parse the exposition text, normalize it to the unified metrics, merge the target's
/// labels and append raw and unified samples with an <c>up</c> series to an embedded store,
/// which the local PromQL engine then queries.
/// </summary>
internal sealed class VirtualTimeRunner : IDisposable
{
    private readonly string directory;
    private readonly Tsdb tsdb;
    private readonly ScrapeSchedule schedule;
    private readonly List<ScrapeTarget> due = [];

    private VirtualTimeRunner(SimulatedFleet fleet, string directory, double scrapeIntervalSeconds)
    {
        Fleet = fleet;
        this.directory = directory;
        ScrapeIntervalSeconds = scrapeIntervalSeconds;
        tsdb = Tsdb.Open(directory, new TsdbOptions { TooNewTolerance = null });
        Engine = new LocalQueryEngine(tsdb);
        schedule = new ScrapeSchedule(fleet.Targets, scrapeIntervalSeconds);
    }

    public SimulatedFleet Fleet { get; }

    public LocalQueryEngine Engine { get; }

    public double ScrapeIntervalSeconds { get; }

    /// <summary>Returns how often the endpoint's targets publish metrics, or the scenario's interval for null.</summary>
    public double PublishIntervalSeconds(string? endpoint) =>
        Fleet.Scenario.Endpoints.FirstOrDefault(e => e.Name == endpoint)?.MetricsPublishFrequencySeconds ?? ScrapeIntervalSeconds;

    /// <summary>The simulated fleet's start: noon UTC on a fixed day.</summary>
    public static readonly DateTimeOffset FixedStart = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    public static VirtualTimeRunner Start(string scenarioPath)
    {
        var scenario = ScenarioLoader.Load(scenarioPath);
        // A fixed start keeps the daily traffic shape, and so every finding, the same on every run.
        var start = FixedStart.ToUnixTimeSeconds();
        var fleet = SimulatedFleet.Create(scenario, start);
        var directory = Path.Combine(Path.GetTempPath(), "inferscope-scenario-" + Guid.NewGuid().ToString("N"));
        return new VirtualTimeRunner(fleet, directory, PrometheusDuration.Parse(scenario.ScrapeInterval).TotalSeconds);
    }

    public DateTimeOffset At(double offsetSeconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)((Fleet.StartUnixSeconds + offsetSeconds) * 1000));

    /// <summary>Advances the fleet without scraping, for the part of a scenario no query looks at.</summary>
    public void SkipTo(double offsetSeconds)
    {
        Fleet.AdvanceTo(offsetSeconds);
        schedule.SkipTo(offsetSeconds);
    }

    /// <summary>Advances the fleet and scrapes each target at its scrape times up to <paramref name="offsetSeconds"/> after the start.</summary>
    public async Task RunUntilAsync(double offsetSeconds)
    {
        while (schedule.Next(offsetSeconds, due) is { } time)
        {
            Fleet.AdvanceTo(time);
            await ScrapeAsync(due, (long)Math.Round((Fleet.StartUnixSeconds + time) * 1000));
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        tsdb.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private async Task ScrapeAsync(List<ScrapeTarget> targets, long timestampMs)
    {
        using var appender = tsdb.CreateAppender();
        foreach (var target in targets)
        {
            ScrapeResponse response;
            lock (Fleet.SyncRoot)
            {
                response = target.Render(Fleet.Now);
            }

            var up = response.StatusCode == 200;
            appender.Append(Merge(Labels.FromPairs(LabelNames.MetricName, "up"), target.Labels), timestampMs, up ? 1 : 0);
            if (!up)
            {
                continue;
            }

            var payload = ExpositionParser.Parse(Encoding.UTF8.GetBytes(response.Body), ScrapeResponse.ContentType);
            var hint = target.Kind == EngineKind.Unknown ? (EngineKind?)null : target.Kind;
            var normalized = EngineNormalizer.Normalize(payload, hint);
            foreach (var family in payload.Families.Concat(normalized.Unified))
            {
                foreach (var point in family.Points)
                {
                    appender.Append(Merge(point.Labels, target.Labels), timestampMs, point.Value);
                }
            }
        }

        await appender.CommitAsync();
    }

    // Target labels win, as with Prometheus's honor_labels: false; a scraped value they replace is kept as exported_NAME.
    private static Labels Merge(Labels scraped, Labels target)
    {
        var builder = scraped.ToBuilder();
        foreach (var label in target)
        {
            if (scraped.Get(label.Name) is { } existing && existing != label.Value)
            {
                builder.Set("exported_" + label.Name, existing);
            }

            builder.Set(label.Name, label.Value);
        }

        return builder.Build();
    }
}

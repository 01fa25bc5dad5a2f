using System.Diagnostics;
using InferScope.Simulation.Fleet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Simulation.Virtual;

/// <summary>
/// Runs a fleet on a simulated clock and scrapes every target at each scrape interval, handing
/// the responses to a sink (normally parse, normalize and append). Nothing waits on the wall
/// clock, so hours of fleet time take seconds.
/// </summary>
public sealed partial class VirtualTimeRunner
{
    private readonly SimulatedFleet fleet;
    private readonly IScrapeSink sink;
    private readonly ILogger logger;

    public VirtualTimeRunner(SimulatedFleet fleet, IScrapeSink sink, ILogger<VirtualTimeRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(sink);
        this.fleet = fleet;
        this.sink = sink;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Scrapes every target at 0 and each multiple of its interval up to <paramref name="durationSeconds"/>
    /// of virtual time. A target's own <see cref="ScrapeTarget.IntervalSeconds"/> takes precedence over
    /// <paramref name="scrapeIntervalSeconds"/>.
    /// </summary>
    /// <param name="durationSeconds">Virtual time to cover, in seconds.</param>
    /// <param name="scrapeIntervalSeconds">Virtual seconds between scrapes of targets without their own interval.</param>
    /// <param name="progress">Receives the fraction done after each scrape round.</param>
    /// <param name="cancellationToken">Stops the run between scrape rounds.</param>
    public async Task<SimulationSummary> RunAsync(
        double durationSeconds, double scrapeIntervalSeconds, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scrapeIntervalSeconds);
        var watch = Stopwatch.StartNew();
        long scrapes = 0;
        long failed = 0;
        LogStarting(logger, fleet.Scenario.Name, durationSeconds, scrapeIntervalSeconds, fleet.Targets.Count);

        var schedule = new ScrapeSchedule(fleet.Targets, scrapeIntervalSeconds);
        var due = new List<Fleet.ScrapeTarget>();
        var last = 0.0;
        while (schedule.Next(durationSeconds, due) is { } time)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var timestampMs = (long)Math.Round((fleet.StartUnixSeconds + time) * 1000);
            fleet.AdvanceTo(time);
            foreach (var target in due)
            {
                var response = target.Render(time);
                scrapes++;
                if (response.StatusCode != 200)
                {
                    failed++;
                }

                await sink.WriteAsync(target, timestampMs, response, cancellationToken).ConfigureAwait(false);
            }

            last = time;
            progress?.Report(time / durationSeconds);
        }

        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var summary = new SimulationSummary(last, scrapes, failed, watch.Elapsed.TotalSeconds);
        LogFinished(logger, fleet.Scenario.Name, summary.VirtualSeconds, summary.Scrapes, summary.FailedScrapes, summary.WallSeconds);
        return summary;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulating scenario {Scenario} for {DurationSeconds} s of virtual time, scraping {Targets} targets every {IntervalSeconds} s")]
    private static partial void LogStarting(ILogger logger, string scenario, double durationSeconds, double intervalSeconds, int targets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated scenario {Scenario}: {VirtualSeconds} s of virtual time, {Scrapes} scrapes ({Failed} failed) in {WallSeconds:F1} s")]
    private static partial void LogFinished(ILogger logger, string scenario, double virtualSeconds, long scrapes, long failed, double wallSeconds);
}

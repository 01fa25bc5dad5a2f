using System.CommandLine;
using System.Globalization;
using System.Text;
using InferScope.Engines;
using InferScope.Exposition;
using InferScope.Simulation.Fleet;
using InferScope.Simulation.Scenarios;
using InferScope.Simulation.Virtual;
using InferScope.Storage;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope simulate --scenario FILE --duration 6h --data DIR [--seed N] [--start TIME]</c>:
/// runs a scenario's fleet in virtual time and writes what scraping it would have stored into a
/// data folder that <c>inferscope serve</c> opens.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "Scenario YAML file, or the name of one in scenarios/ (such as kv-cache-exhaustion).",
            Required = true,
        };
        var duration = new Option<string?>("--duration") { Description = "Virtual time to simulate, such as 90m or 6h; default: the scenario's duration." };
        var data = new Option<string>("--data") { Description = "Data folder to write; created when missing. No server may have it open.", Required = true };
        var seed = new Option<int?>("--seed") { Description = "Random seed in place of the scenario's; the same scenario and seed give the same data." };
        var start = new Option<string?>("--start")
        {
            Description = "Wall-clock start of the simulation (ISO 8601 UTC, such as 2026-01-05T00:00:00Z); default: the scenario's start, else the duration before now on the hour.",
        };
        var interval = new Option<string?>("--scrape-interval") { Description = "Virtual time between scrapes, such as 15s; default: the scenario's scrape_interval." };
        var command = new Command("simulate", "Run a scenario's simulated fleet in virtual time and store its metrics in a data folder.")
        {
            scenario, duration, data, seed, start, interval,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var definition = ScenarioLoader.Load(parseResult.GetValue(scenario)!);
                if (parseResult.GetValue(seed) is { } seedValue)
                {
                    definition.Seed = seedValue;
                }

                var seconds = DurationText.ParseSeconds(parseResult.GetValue(duration) ?? definition.Duration);
                var intervalSeconds = DurationText.ParseSeconds(parseResult.GetValue(interval) ?? definition.ScrapeInterval);
                if (seconds <= 0 || intervalSeconds <= 0)
                {
                    await error.WriteLineAsync("--duration and --scrape-interval must be longer than zero.");
                    return 2;
                }

                var startUnix = StartTime(parseResult.GetValue(start) ?? definition.Start, seconds);
                return await RunAsync(definition, parseResult.GetValue(data)!, seconds, intervalSeconds, startUnix, output, cancellationToken);
            }
            catch (ScenarioException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (IOException e)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ScenarioDefinition definition, string dataDir, double seconds, double intervalSeconds, double startUnix, TextWriter output, CancellationToken cancellationToken)
    {
        var fleet = SimulatedFleet.Create(definition, startUnix);
        var startText = DateTimeOffset.FromUnixTimeMilliseconds((long)(startUnix * 1000)).ToString("u", CultureInfo.InvariantCulture);
        await output.WriteLineAsync(
            $"Simulating {definition.Name} (root cause: {definition.RootCause}, seed {definition.Seed}) from {startText} for {seconds} s: "
            + $"{fleet.Replicas.Count} engine replicas, {fleet.Targets.Count} scrape targets, every {intervalSeconds} s");

        using var tsdb = Tsdb.Open(dataDir);
        var pool = new LabelStringPool();
        var sink = new PipelineScrapeSink(
            (body, contentType) => ExpositionParser.Parse(Encoding.UTF8.GetBytes(body), ExpositionContentType.Resolve(contentType), pool),
            (payload, _, kind) => kind == EngineKind.Unknown ? null : EngineNormalizer.Normalize(payload, kind),
            tsdb);
        var lastReported = -1;
        var progress = new InlineProgress<double>(fraction =>
        {
            var percent = (int)(fraction * 10) * 10;
            if (percent > lastReported)
            {
                lastReported = percent;
                output.WriteLine($"  {percent}%");
            }
        });
        var summary = await new VirtualTimeRunner(fleet, sink).RunAsync(seconds, intervalSeconds, progress, cancellationToken);

        // Complete two-hour ranges become blocks now; the rest stays in the write-ahead log, which serve replays.
        await tsdb.FlushHeadAsync(cancellationToken);
        await output.WriteLineAsync(
            $"Wrote {sink.AppendedSamples.ToString("N0", CultureInfo.InvariantCulture)} samples from {summary.Scrapes.ToString("N0", CultureInfo.InvariantCulture)} scrapes "
            + $"({summary.FailedScrapes} failed) to {dataDir} in {summary.WallSeconds:F1} s ({summary.SpeedUp:F0}x real time)");
        if (sink.RejectedSamples > 0)
        {
            await output.WriteLineAsync(
                $"{sink.RejectedSamples.ToString("N0", CultureInfo.InvariantCulture)} samples were rejected by the store (out of order or too old); "
                + "simulate into an empty data folder or pass a later --start.");
        }

        return 0;
    }

    /// <summary>Returns the start in Unix seconds: the given time, or the duration before now rounded down to the hour.</summary>
    private static double StartTime(string? text, double durationSeconds)
    {
        if (!string.IsNullOrEmpty(text))
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new FormatException($"Invalid start time \"{text}\"; use ISO 8601 such as 2026-01-05T00:00:00Z.");
            }

            return parsed.ToUnixTimeMilliseconds() / 1000.0;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var start = now - (long)Math.Ceiling(durationSeconds);
        return start - (start % 3600);
    }
}

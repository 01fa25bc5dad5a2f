using System.CommandLine;
using InferScope.Demo;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using InferScope.Simulation.Hosting;
using InferScope.Simulation.Scenarios;
using Microsoft.Extensions.Logging;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope demo [--scenario NAME] [--instances N] [--listen ADDR]</c>: the server and a
/// simulated fleet in one process on loopback.
/// </summary>
internal static class DemoCommand
{
    private const string DefaultScenario = "healthy-baseline";

    public static Command Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = $"Scenario file, or the name of one in scenarios/ (default {DefaultScenario}).",
            DefaultValueFactory = _ => DefaultScenario,
        };
        var instances = new Option<int?>("--instances") { Description = "Instances per endpoint, in place of the scenario's counts." };
        var listen = new Option<string>("--listen")
        {
            Description = $"Address of the server as host:port (default 127.0.0.1:{WebConfig.DefaultPort}; port 0 picks a free one).",
            DefaultValueFactory = _ => $"127.0.0.1:{WebConfig.DefaultPort}",
        };
        var publish = new Option<int>("--publish-frequency")
        {
            Description = "Seconds between scrapes of each simulated target, 1 to 300 (default 5).",
            DefaultValueFactory = _ => 5,
        };
        var data = new Option<string?>("--data") { Description = "Data folder to keep; by default a temporary one is deleted on exit." };
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "Simulated seconds per real second, so a scenario's faults arrive sooner (default 1).",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("demo", "Run the server with a simulated fleet on loopback and print the dashboard's address.")
        {
            scenario, instances, listen, publish, data, timeScale,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var frequency = parseResult.GetValue(publish);
            if (frequency is < EndpointConfig.MinPublishFrequencySeconds or > EndpointConfig.MaxPublishFrequencySeconds)
            {
                await error.WriteLineAsync($"--publish-frequency {frequency} is out of range; use a whole number of seconds from 1 to 300.");
                return 2;
            }

            var scale = parseResult.GetValue(timeScale);
            if (!(scale is > 0 and <= 3600))
            {
                await error.WriteLineAsync($"--time-scale {scale} is out of range; use a number above 0 and at most 3600.");
                return 2;
            }

            try
            {
                return await RunAsync(
                    ScenarioLoader.Load(parseResult.GetValue(scenario)!),
                    parseResult.GetValue(instances),
                    parseResult.GetValue(listen)!,
                    frequency,
                    parseResult.GetValue(data),
                    scale,
                    output,
                    cancellationToken);
            }
            catch (ScenarioException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (ConfigException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ScenarioDefinition scenario,
        int? instancesPerEndpoint,
        string listen,
        int publishFrequencySeconds,
        string? dataDirectory,
        double timeScale,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("inferscope-demo-");
        try
        {
            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            await using var fleet = await SimulatedFleetHost.StartAsync(
                scenario,
                new FleetHostOptions
                {
                    InstancesPerEndpoint = instancesPerEndpoint,
                    TimeScale = timeScale,
                    // One port for the whole fleet, so a thousand instances stay within the process's limits.
                    // NOTE: on two busy cores, a thousand instances scraped every 5 s partly time out;
                    // --publish-frequency 15 keeps up better there.
                    SharedServer = true,
                    LoggerFactory = loggerFactory,
                },
                cancellationToken);
            await output.WriteLineAsync(
                $"Simulated fleet: scenario {scenario.Name} ({scenario.RootCause}), {fleet.Fleet.Replicas.Count} engine replicas, {fleet.Targets.Count} scrape targets on loopback.");
            var config = DemoConfiguration.Write(work.FullName, fleet.Targets, publishFrequencySeconds);
            var options = new ServerOptions
            {
                ConfigPath = config,
                ListenAddress = listen,
                DataDir = dataDirectory ?? Path.Combine(work.FullName, "data"),
                WatchConfig = false,
                MinimumLogLevel = LogLevel.Warning,
                OnStarted = urls =>
                {
                    foreach (var url in urls)
                    {
                        var root = url.TrimEnd('/');
                        output.WriteLine($"Dashboard: {root}/");
                        output.WriteLine($"API:       {root}/api/v1/ (Prometheus-compatible; try {root}/api/v1/query?query=llm_kv_cache_usage_ratio)");
                    }

                    output.WriteLine($"First data arrives within {publishFrequencySeconds} s. Press Ctrl+C to stop.");
                },
            };
            await ServeRunner.RunAsync(options, TextWriter.Null, cancellationToken);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}

using System.Diagnostics;
using InferScope.Simulation.Fleet;
using InferScope.Simulation.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Simulation.Hosting;

/// <summary>
/// Runs a scenario's fleet in real time with every target served over HTTP on loopback: engine
/// replicas (OpenAI API, health and metrics), DCGM and node exporters per instance, and the
/// control plane. Each target has a server of its own, or with <see cref="FleetHostOptions.SharedServer"/>
/// a path prefix on one server. A clock task advances the fleet as time passes. Dispose it to stop everything.
/// </summary>
public sealed partial class SimulatedFleetHost : IAsyncDisposable
{
    private readonly List<WebApplication> servers = [];
    private readonly List<HostedTarget> targets = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger logger;
    private Task clock = Task.CompletedTask;
    private bool disposed;

    private SimulatedFleetHost(SimulatedFleet fleet, ILogger logger)
    {
        Fleet = fleet;
        this.logger = logger;
    }

    public SimulatedFleet Fleet { get; }

    /// <summary>The served targets, to be scraped at <see cref="HostedTarget.MetricsUrl"/>.</summary>
    public IReadOnlyList<HostedTarget> Targets => targets;

    /// <summary>Builds the fleet, starts one server per target (or one shared server) and the clock.</summary>
    /// <exception cref="ScenarioException">The scenario is invalid.</exception>
    public static async Task<SimulatedFleetHost> StartAsync(
        ScenarioDefinition scenario, FleetHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new FleetHostOptions();
        if (options.TimeScale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeScale, "TimeScale must be positive.");
        }

        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SimulatedFleetHost>();
        var startUnix = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var fleet = SimulatedFleet.Create(scenario, startUnix, new FleetOptions { InstancesPerEndpoint = options.InstancesPerEndpoint });
        var host = new SimulatedFleetHost(fleet, logger);
        try
        {
            if (options.SharedServer)
            {
                var (app, addresses) = await TargetServer.StartSharedAsync(fleet, fleet.Targets, options.BindAddress, cancellationToken).ConfigureAwait(false);
                host.servers.Add(app);
                for (var i = 0; i < addresses.Count; i++)
                {
                    host.targets.Add(new HostedTarget(fleet.Targets[i], addresses[i]));
                }
            }
            else
            {
                foreach (var target in fleet.Targets)
                {
                    var (app, address) = await TargetServer.StartAsync(fleet, target, options.BindAddress, cancellationToken).ConfigureAwait(false);
                    host.servers.Add(app);
                    host.targets.Add(new HostedTarget(target, address));
                }
            }
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        host.clock = Task.Run(() => host.RunClockAsync(options.TimeScale, options.TickInterval, host.stopping.Token), CancellationToken.None);
        LogStarted(logger, scenario.Name, host.targets.Count, fleet.Replicas.Count);
        return host;
    }

    private async Task RunClockAsync(double timeScale, TimeSpan tick, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (Fleet.SyncRoot)
                {
                    Fleet.AdvanceTo(watch.Elapsed.TotalSeconds * timeScale);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogClockFailed(logger, e, Fleet.Scenario.Name);
            throw;
        }
    }

    /// <summary>Stops the clock and every server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await clock.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Already logged by the clock.
        }

        foreach (var server in servers)
        {
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
        }

        stopping.Dispose();
        LogStopped(logger, Fleet.Scenario.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated fleet {Scenario} started: {Targets} targets on loopback, {Replicas} engine replicas")]
    private static partial void LogStarted(ILogger logger, string scenario, int targets, int replicas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated fleet {Scenario} stopped")]
    private static partial void LogStopped(ILogger logger, string scenario);

    [LoggerMessage(Level = LogLevel.Error, Message = "The clock of simulated fleet {Scenario} failed, so the fleet no longer advances")]
    private static partial void LogClockFailed(ILogger logger, Exception error, string scenario);
}

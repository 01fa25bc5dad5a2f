using Microsoft.Extensions.Logging;

namespace InferScope.Simulation.Hosting;

/// <summary>Settings of a <see cref="SimulatedFleetHost"/>.</summary>
public sealed record FleetHostOptions
{
    /// <summary>Instances per endpoint in place of the scenario's counts, or null to keep them.</summary>
    public int? InstancesPerEndpoint { get; init; }

    /// <summary>Virtual seconds per real second; 1 runs the fleet in real time.</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>How often the clock advances the fleet.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Loopback address the servers bind to, each on a free port.</summary>
    public System.Net.IPAddress BindAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>
    /// Serves every target from one server, each under its own path prefix
    /// (<c>/targets/N/metrics</c>, <c>/targets/N/v1/completions</c>), in place of one server per
    /// target. Each server costs a port, a host and file watchers, so a fleet of a thousand
    /// instances (three targets each) exceeds the process's inotify and file descriptor limits.
    /// </summary>
    public bool SharedServer { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }
}

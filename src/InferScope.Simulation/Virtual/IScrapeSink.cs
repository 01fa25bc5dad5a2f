using InferScope.Simulation.Fleet;

namespace InferScope.Simulation.Virtual;

/// <summary>Receives each scrape of a virtual-time run, in time order per target.</summary>
public interface IScrapeSink
{
    /// <summary>Handles one scrape of <paramref name="target"/> taken at <paramref name="timestampMs"/> (Unix milliseconds).</summary>
    ValueTask WriteAsync(ScrapeTarget target, long timestampMs, ScrapeResponse response, CancellationToken cancellationToken);

    /// <summary>Called once after the last scrape.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}

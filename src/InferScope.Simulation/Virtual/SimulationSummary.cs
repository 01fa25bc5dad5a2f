namespace InferScope.Simulation.Virtual;

/// <summary>What a virtual-time run did.</summary>
/// <param name="VirtualSeconds">Virtual time covered.</param>
/// <param name="Scrapes">Scrapes taken, failed ones included.</param>
/// <param name="FailedScrapes">Scrapes whose target answered with an error status (down or not yet started).</param>
/// <param name="WallSeconds">Real time the run took.</param>
public sealed record SimulationSummary(double VirtualSeconds, long Scrapes, long FailedScrapes, double WallSeconds)
{
    /// <summary>Virtual seconds simulated per real second.</summary>
    public double SpeedUp => WallSeconds <= 0 ? double.PositiveInfinity : VirtualSeconds / WallSeconds;
}

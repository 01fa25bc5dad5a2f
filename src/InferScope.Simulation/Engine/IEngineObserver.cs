namespace InferScope.Simulation.Engine;

/// <summary>
/// Receives the events of an engine's schedulers; each engine's metrics implement it to keep
/// the counters and histograms that engine exposes. <c>rank</c> is the data-parallel rank.
/// </summary>
public interface IEngineObserver
{
    void OnArrived(int rank, SimRequest request);

    void OnScheduled(int rank, SimRequest request);

    void OnFirstToken(int rank, SimRequest request);

    /// <summary>Called for each output token after the first, with the gap since the previous one.</summary>
    void OnToken(int rank, SimRequest request, double gapSeconds);

    void OnPreempted(int rank, SimRequest request);

    void OnFinished(int rank, SimRequest request);

    void OnStep(int rank, in StepRecord step);
}

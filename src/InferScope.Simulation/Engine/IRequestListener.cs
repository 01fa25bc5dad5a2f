namespace InferScope.Simulation.Engine;

/// <summary>
/// Receives a request's tokens as the scheduler produces them; the HTTP front end streams them.
/// Called under the fleet's lock, so implementations must only hand the data off.
/// </summary>
public interface IRequestListener
{
    /// <summary>Called when the request produced <paramref name="count"/> more output tokens at virtual time <paramref name="time"/>.</summary>
    void OnTokens(SimRequest request, int count, double time);

    /// <summary>Called once when the request finished, was aborted or was rejected.</summary>
    void OnFinished(SimRequest request);
}

using InferScope.Simulation.Engine;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// The counters and histograms one engine exposes, fed by its schedulers' events, and the
/// writer of its <c>/metrics</c> text. Each engine has its own subclass with the real engine's
/// family names, types, labels and bucket bounds.
/// </summary>
public abstract class EngineMetrics : IEngineObserver
{
    private IReadOnlyList<EngineScheduler> ranks = [];

    protected EngineMetrics(EngineDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
    }

    public EngineDescriptor Descriptor { get; }

    /// <summary>The data-parallel ranks whose gauges the text reports; set once after they are built.</summary>
    public IReadOnlyList<EngineScheduler> Ranks
    {
        get => ranks;
        set => ranks = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The HTTP path the real engine serves its metrics on.</summary>
    public abstract string MetricsPath { get; }

    /// <summary>The HTTP path of the real engine's health check.</summary>
    public virtual string HealthPath => "/health";

    /// <summary>Writes the exposition text as of virtual time <paramref name="now"/>.</summary>
    public abstract string Render(double now);

    /// <summary>Counts an HTTP response the engine's front end sent (only DJL exports these).</summary>
    public virtual void OnHttpResponse(int statusCode)
    {
    }

    public virtual void OnArrived(int rank, SimRequest request)
    {
    }

    public virtual void OnScheduled(int rank, SimRequest request)
    {
    }

    public virtual void OnFirstToken(int rank, SimRequest request)
    {
    }

    public virtual void OnToken(int rank, SimRequest request, double gapSeconds)
    {
    }

    public virtual void OnPreempted(int rank, SimRequest request)
    {
    }

    public virtual void OnFinished(int rank, SimRequest request)
    {
    }

    public virtual void OnStep(int rank, in StepRecord step)
    {
    }

    /// <summary>Seconds from the client's view of arrival to the first token: tokenization plus queue plus prefill.</summary>
    protected static double TimeToFirstToken(SimRequest request) =>
        request.FirstTokenTime - request.ArrivalTime + (request.FrontendSeconds / 2);

    /// <summary>Seconds from the client's view of arrival to the last token, front-end time included.</summary>
    protected static double EndToEnd(SimRequest request) =>
        request.FinishTime - request.ArrivalTime + request.FrontendSeconds;

    /// <summary>Returns bounds <c>start × factor^k</c> for k = 1..count, computed by repeated multiplication.</summary>
    protected static double[] Exponential(double start, double factor, int count)
    {
        var bounds = new double[count];
        var value = start;
        for (var i = 0; i < count; i++)
        {
            value *= factor;
            bounds[i] = value;
        }

        return bounds;
    }

    /// <summary>Returns the 1-2-5 series (1, 2, 5, 10, 20, 50, …) up to and including <paramref name="max"/>.</summary>
    protected static double[] OneTwoFive(int max)
    {
        var bounds = new List<double>();
        for (double scale = 1; ; scale *= 10)
        {
            foreach (var m in (ReadOnlySpan<double>)[1, 2, 5])
            {
                if (m * scale > max)
                {
                    return [.. bounds];
                }

                bounds.Add(m * scale);
            }
        }
    }
}

namespace InferScope.Simulation.Fleet;

/// <summary>What a simulated <c>/metrics</c> endpoint returns: an HTTP status and, on 200, the exposition text.</summary>
public readonly record struct ScrapeResponse(int StatusCode, string Body)
{
    /// <summary>The content type of Prometheus text format 0.0.4, which every simulated exporter writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static ScrapeResponse Unavailable { get; } = new(503, string.Empty);
}

using InferScope.Server.Telemetry;

namespace InferScope.Server.Hosting;

/// <summary>A component that adds its own families to the server's <c>/metrics</c>.</summary>
public interface ISelfMetricsSource
{
    void WriteMetrics(MetricsTextWriter writer);
}

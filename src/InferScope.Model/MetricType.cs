namespace InferScope.Model;

/// <summary>The metric types of OpenMetrics 1.0; the Prometheus text format uses a subset.</summary>
public enum MetricType
{
    Unknown,
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    StateSet,
}

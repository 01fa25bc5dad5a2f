using InferScope.Ingestion.Otlp.Protocol.Collector;
using InferScope.Ingestion.Otlp.Protocol.Common;
using InferScope.Ingestion.Otlp.Protocol.Metrics;
using InferScope.Ingestion.Otlp.Protocol.Resource;

namespace InferScope.Ingestion.Tests.Otlp;

/// <summary>Builders for hand-made OTLP requests.</summary>
internal static class OtlpRequests
{
    public const ulong T1 = 1_700_000_000_000_000_000UL;
    public const ulong T2 = T1 + 10_000_000_000UL;

    public static ExportMetricsServiceRequest Request(params Metric[] metrics) =>
        RequestWithResource([KeyValue("service.name", "chat-api"), KeyValue("service.instance.id", "pod-1")], metrics);

    public static ExportMetricsServiceRequest RequestWithResource(KeyValue[] resourceAttributes, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "test" } };
        scope.Metrics.AddRange(metrics);
        var resource = new ResourceMetrics { Resource = new Resource() };
        resource.Resource.Attributes.AddRange(resourceAttributes);
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    public static KeyValue KeyValue(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static NumberDataPoint Number(double value, ulong time = T1, params KeyValue[] attributes)
    {
        var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = time, StartTimeUnixNano = T1 - 1 };
        point.Attributes.AddRange(attributes);
        return point;
    }

    public static Metric Gauge(string name, string unit, params NumberDataPoint[] points)
    {
        var metric = new Metric { Name = name, Unit = unit, Gauge = new Gauge() };
        metric.Gauge.DataPoints.AddRange(points);
        return metric;
    }

    public static Metric Sum(string name, string unit, bool monotonic, AggregationTemporality temporality, params NumberDataPoint[] points)
    {
        var metric = new Metric
        {
            Name = name,
            Unit = unit,
            Sum = new Sum { IsMonotonic = monotonic, AggregationTemporality = temporality },
        };
        metric.Sum.DataPoints.AddRange(points);
        return metric;
    }

    public static Metric Histogram(
        string name, string unit, AggregationTemporality temporality, double[] bounds, ulong[] counts, double sum, ulong time = T1)
    {
        var point = new HistogramDataPoint { TimeUnixNano = time, Sum = sum, Count = (ulong)counts.Sum(c => (long)c) };
        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        var metric = new Metric { Name = name, Unit = unit, Histogram = new Histogram { AggregationTemporality = temporality } };
        metric.Histogram.DataPoints.Add(point);
        return metric;
    }
}

using System.Globalization;
using Google.Protobuf.Collections;
using InferScope.Ingestion.Otlp.Protocol.Collector;
using InferScope.Ingestion.Otlp.Protocol.Common;
using InferScope.Ingestion.Otlp.Protocol.Metrics;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model;

namespace InferScope.Ingestion.Otlp;

/// <summary>
/// Converts OTLP metrics to Prometheus series and appends them.
/// </summary>
/// <remarks>
/// Gauges and non-monotonic sums become gauges, and monotonic sums become counters named
/// <c>NAME_total</c>. Delta sums and histograms are added up per series into cumulative values.
/// Histograms become classic <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series. Exponential
/// histograms become classic histograms too (see <see cref="ExponentialBuckets.ToClassicBuckets"/>),
/// so their <c>le</c> bounds are powers of the histogram's base and can change when the scale
/// changes. Summaries become <c>quantile</c> series. A point flagged as having no recorded value
/// writes staleness markers. Resource attributes map to labels as <see cref="ResourceLabels"/> describes.
/// Exemplars are not stored.
/// </remarks>
internal sealed class OtlpConverter
{
    private const ulong NoRecordedValueFlag = 1;

    private readonly DeltaAccumulator deltas = new();

    public void Convert(RepeatedField<ResourceMetrics> resources, OtlpConversion output, long nowMs)
    {
        foreach (var resource in resources)
        {
            var (resourceLabels, infoLabels) = ResourceLabels.Map(resource.Resource?.Attributes ?? []);
            if (infoLabels.Count > 0)
            {
                AppendTargetInfo(resourceLabels, infoLabels, output, nowMs);
            }

            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    ConvertMetric(metric, resourceLabels, output, nowMs);
                }
            }
        }
    }

    private static void AppendTargetInfo(Labels resourceLabels, Labels infoLabels, OtlpConversion output, long nowMs)
    {
        var builder = infoLabels.ToBuilder();
        foreach (var label in resourceLabels)
        {
            builder.Set(label.Name, label.Value);
        }

        builder.Set(LabelNames.MetricName, "target_info");
        output.Appender.UpdateMetadata("target_info", new MetricMetadata(MetricType.Gauge, "Target metadata", string.Empty));
        output.Append(builder.Build(), nowMs, 1);
    }

    private void ConvertMetric(Metric metric, Labels resourceLabels, OtlpConversion output, long nowMs)
    {
        if (string.IsNullOrEmpty(metric.Name))
        {
            output.Reject(RejectReason.InvalidRequest, "a metric has no name", CountPoints(metric));
            return;
        }

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                ConvertNumbers(metric, metric.Gauge.DataPoints, isCounter: false, delta: false, resourceLabels, output, nowMs);
                break;
            case Metric.DataOneofCase.Sum:
                var delta = metric.Sum.AggregationTemporality == AggregationTemporality.Delta;
                ConvertNumbers(metric, metric.Sum.DataPoints, metric.Sum.IsMonotonic, delta, resourceLabels, output, nowMs);
                break;
            case Metric.DataOneofCase.Histogram:
                ConvertHistograms(metric, resourceLabels, output, nowMs);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                ConvertExponentialHistograms(metric, resourceLabels, output, nowMs);
                break;
            case Metric.DataOneofCase.Summary:
                ConvertSummaries(metric, resourceLabels, output, nowMs);
                break;
            default:
                output.Reject(RejectReason.InvalidRequest, $"metric \"{metric.Name}\" has no data", 0);
                break;
        }
    }

    private void ConvertNumbers(
        Metric metric,
        RepeatedField<NumberDataPoint> points,
        bool isCounter,
        bool delta,
        Labels resourceLabels,
        OtlpConversion output,
        long nowMs)
    {
        var family = OtlpNames.MetricName(metric.Name, metric.Unit, isGauge: !isCounter);
        var sampleName = isCounter ? family + "_total" : family;
        output.Appender.UpdateMetadata(
            family, new MetricMetadata(isCounter ? MetricType.Counter : MetricType.Gauge, metric.Description, metric.Unit));
        foreach (var point in points)
        {
            var labels = SeriesLabels(sampleName, point.Attributes, resourceLabels);
            var timestamp = Timestamp(point.TimeUnixNano, nowMs);
            if ((point.Flags & NoRecordedValueFlag) != 0)
            {
                output.Append(labels, timestamp, StaleMarker.Value);
                continue;
            }

            var value = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
            if (delta)
            {
                value = deltas.AddSum(labels, value, nowMs);
            }

            if (!output.Append(labels, timestamp, value))
            {
                output.CountRejectedPoint();
            }
        }
    }

    private void ConvertHistograms(Metric metric, Labels resourceLabels, OtlpConversion output, long nowMs)
    {
        var family = OtlpNames.MetricName(metric.Name, metric.Unit, isGauge: false);
        output.Appender.UpdateMetadata(family, new MetricMetadata(MetricType.Histogram, metric.Description, metric.Unit));
        var delta = metric.Histogram.AggregationTemporality == AggregationTemporality.Delta;
        foreach (var point in metric.Histogram.DataPoints)
        {
            var baseLabels = SeriesLabels(family, point.Attributes, resourceLabels);
            var timestamp = Timestamp(point.TimeUnixNano, nowMs);
            if (point.BucketCounts.Count > 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
            {
                output.Reject(
                    RejectReason.InvalidRequest,
                    string.Create(CultureInfo.InvariantCulture, $"histogram \"{metric.Name}\" has {point.BucketCounts.Count} bucket counts for {point.ExplicitBounds.Count} bounds; expected one more count than bounds"));
                continue;
            }

            double[] bounds = [.. point.ExplicitBounds];
            ulong[] counts = [.. point.BucketCounts];
            var sum = point.HasSum ? point.Sum : double.NaN;
            var count = point.Count;
            if (delta && (point.Flags & NoRecordedValueFlag) == 0)
            {
                var totals = deltas.AddHistogram(baseLabels, bounds, counts, point.HasSum ? point.Sum : 0, point.Count, nowMs);
                counts = totals.Counts;
                sum = point.HasSum ? totals.Sum : double.NaN;
                count = totals.Count;
            }

            var buckets = new List<(double UpperBound, ulong CumulativeCount)>(counts.Length);
            ulong cumulative = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                cumulative += counts[i];
                buckets.Add((i < bounds.Length ? bounds[i] : double.PositiveInfinity, cumulative));
            }

            if (counts.Length == 0)
            {
                buckets.Add((double.PositiveInfinity, count));
            }

            AppendHistogram(family, baseLabels, timestamp, buckets, sum, count, (point.Flags & NoRecordedValueFlag) != 0, output);
        }
    }

    private void ConvertExponentialHistograms(Metric metric, Labels resourceLabels, OtlpConversion output, long nowMs)
    {
        var family = OtlpNames.MetricName(metric.Name, metric.Unit, isGauge: false);
        output.Appender.UpdateMetadata(family, new MetricMetadata(MetricType.Histogram, metric.Description, metric.Unit));
        var delta = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Delta;
        foreach (var point in metric.ExponentialHistogram.DataPoints)
        {
            var baseLabels = SeriesLabels(family, point.Attributes, resourceLabels);
            var timestamp = Timestamp(point.TimeUnixNano, nowMs);
            if (point.Scale is < -10 or > 20)
            {
                output.Reject(
                    RejectReason.InvalidRequest,
                    string.Create(CultureInfo.InvariantCulture, $"exponential histogram \"{metric.Name}\" has scale {point.Scale}; expected -10 to 20"));
                continue;
            }

            var buckets = ExponentialBuckets.From(point);
            var stale = (point.Flags & NoRecordedValueFlag) != 0;
            if (delta && !stale)
            {
                buckets = deltas.AddExponential(baseLabels, buckets, nowMs);
            }

            var sum = buckets.HasSum ? buckets.Sum : double.NaN;
            AppendHistogram(family, baseLabels, timestamp, buckets.ToClassicBuckets(), sum, buckets.Count, stale, output);
        }
    }

    private static void ConvertSummaries(Metric metric, Labels resourceLabels, OtlpConversion output, long nowMs)
    {
        var family = OtlpNames.MetricName(metric.Name, metric.Unit, isGauge: false);
        output.Appender.UpdateMetadata(family, new MetricMetadata(MetricType.Summary, metric.Description, metric.Unit));
        foreach (var point in metric.Summary.DataPoints)
        {
            var baseLabels = SeriesLabels(family, point.Attributes, resourceLabels);
            var timestamp = Timestamp(point.TimeUnixNano, nowMs);
            var stale = (point.Flags & NoRecordedValueFlag) != 0;
            var ok = true;
            foreach (var quantile in point.QuantileValues)
            {
                var labels = baseLabels.ToBuilder().Set(LabelNames.Quantile, FormatBound(quantile.Quantile)).Build();
                ok &= output.Append(labels, timestamp, stale ? StaleMarker.Value : quantile.Value);
            }

            ok &= output.Append(Rename(baseLabels, family + "_sum"), timestamp, stale ? StaleMarker.Value : point.Sum);
            ok &= output.Append(Rename(baseLabels, family + "_count"), timestamp, stale ? StaleMarker.Value : point.Count);
            if (!ok)
            {
                output.CountRejectedPoint();
            }
        }
    }

    private static void AppendHistogram(
        string family,
        Labels baseLabels,
        long timestamp,
        List<(double UpperBound, ulong CumulativeCount)> buckets,
        double sum,
        ulong count,
        bool stale,
        OtlpConversion output)
    {
        var ok = true;
        var bucketLabels = Rename(baseLabels, family + "_bucket");
        foreach (var (bound, cumulative) in buckets)
        {
            var labels = bucketLabels.ToBuilder().Set(LabelNames.BucketBound, FormatBound(bound)).Build();
            ok &= output.Append(labels, timestamp, stale ? StaleMarker.Value : cumulative);
        }

        if (!double.IsNaN(sum) || stale)
        {
            ok &= output.Append(Rename(baseLabels, family + "_sum"), timestamp, stale ? StaleMarker.Value : sum);
        }

        ok &= output.Append(Rename(baseLabels, family + "_count"), timestamp, stale ? StaleMarker.Value : count);
        if (!ok)
        {
            output.CountRejectedPoint();
        }
    }

    /// <summary>Builds a series' labels: resource labels, then point attributes, then the name.</summary>
    private static Labels SeriesLabels(string name, RepeatedField<KeyValue> attributes, Labels resourceLabels)
    {
        var builder = resourceLabels.ToBuilder();
        var joined = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var label = OtlpNames.LabelName(attribute.Key);
            var value = ResourceLabels.ToText(attribute.Value);

            // Keys that sanitize to the same label name have their values joined with ';'.
            joined[label] = joined.TryGetValue(label, out var earlier) ? earlier + ";" + value : value;
        }

        foreach (var (label, value) in joined)
        {
            if (label is not (LabelNames.Job or LabelNames.Instance) || builder.Get(label) is null)
            {
                builder.Set(label, value);
            }
        }

        builder.Set(LabelNames.MetricName, name);
        return builder.Build();
    }

    private static Labels Rename(Labels labels, string name) =>
        labels.ToBuilder().Set(LabelNames.MetricName, name).Build();

    private static long Timestamp(ulong unixNano, long nowMs) =>
        unixNano == 0 ? nowMs : (long)(unixNano / 1_000_000UL);

    private static string FormatBound(double bound) =>
        double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString("R", CultureInfo.InvariantCulture);

    private static long CountPoints(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 0,
    };
}

using System.Globalization;
using InferScope.Model;

namespace InferScope.Exposition;

internal sealed partial class OpenMetricsValidator
{
    private ValidationError CheckGrouping(in SampleFacts sample, SampleRole role)
    {
        var key = GroupKey(sample, role);
        if (!inGroup || key != groupKey)
        {
            var finished = FinishGroup();
            if (finished.IsError)
            {
                return finished;
            }

            if (closedGroups.Contains(key))
            {
                return new ValidationError(
                    ErrorSite.Labels,
                    $"all samples of one label set of family \"{Text(FamilyName)}\" together, because OpenMetrics forbids interleaving them",
                    "a label set that appeared earlier in the family");
            }

            inGroup = true;
            groupKey = key;
            groupHasTimestamp = sample.HasTimestamp;
            groupTimestamp = sample.TimestampSeconds;
            point = default;
            return ValidationError.None;
        }

        if (sample.HasTimestamp != groupHasTimestamp)
        {
            return new ValidationError(
                ErrorSite.Timestamp,
                "either a timestamp on every sample of a series or on none",
                sample.HasTimestamp ? "a timestamp after samples without one" : "no timestamp after samples with one");
        }

        if (sample.HasTimestamp && sample.TimestampSeconds != groupTimestamp)
        {
            if (sample.TimestampSeconds < groupTimestamp)
            {
                return new ValidationError(
                    ErrorSite.Timestamp,
                    $"timestamps in increasing order within a series, at least {groupTimestamp.ToString("R", CultureInfo.InvariantCulture)}",
                    sample.TimestampSeconds.ToString("R", CultureInfo.InvariantCulture));
            }

            var finished = FinishPoint();
            if (finished.IsError)
            {
                return finished;
            }

            point = default;
            groupTimestamp = sample.TimestampSeconds;
        }

        return ValidationError.None;
    }

    private ulong GroupKey(in SampleFacts sample, SampleRole role)
    {
        var key = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < sample.Labels.Length; i++)
        {
            var name = sample.LabelName(i);
            var excluded = (role == SampleRole.Bucket && name.SequenceEqual("le"u8))
                || (type == MetricType.Summary && role == SampleRole.Value && name.SequenceEqual("quantile"u8))
                || (type == MetricType.StateSet && name.SequenceEqual(FamilyName));
            if (!excluded)
            {
                // Addition keeps the key independent of label order.
                key += HashLabel(name, sample.LabelValue(i));
            }
        }

        return key;
    }

    private ValidationError FinishGroup()
    {
        if (!inGroup)
        {
            return ValidationError.None;
        }

        inGroup = false;
        closedGroups.Add(groupKey);
        return FinishPoint();
    }

    private ValidationError FinishPoint()
    {
        var p = point;
        point = default;
        if (!p.HasSamples)
        {
            return ValidationError.None;
        }

        if (!p.HasInfBucket)
        {
            return Previous($"a bucket with le=\"+Inf\" in every {TypeWord(type)} series of \"{Text(FamilyName)}\"", "a series without it");
        }

        if (type == MetricType.Histogram)
        {
            if (p.HasSum != p.HasCount)
            {
                return Previous($"both {Text(FamilyName)}_sum and {Text(FamilyName)}_count, or neither", p.HasSum ? "_sum without _count" : "_count without _sum");
            }

            if (p.HasCount && p.Count != p.InfBucket)
            {
                return Previous(
                    $"{Text(FamilyName)}_count equal to the le=\"+Inf\" bucket ({Format(p.InfBucket)})",
                    Format(p.Count));
            }

            if (p.HasSum && p.HasNegativeBucket)
            {
                return Previous($"no {Text(FamilyName)}_sum in a histogram with negative bucket bounds", "a _sum sample");
            }
        }
        else
        {
            if (p.HasSum != p.HasCount)
            {
                return Previous($"both {Text(FamilyName)}_gsum and {Text(FamilyName)}_gcount, or neither", p.HasSum ? "_gsum without _gcount" : "_gcount without _gsum");
            }

            if (p.HasCount && p.Count != p.InfBucket)
            {
                return Previous(
                    $"{Text(FamilyName)}_gcount equal to the le=\"+Inf\" bucket ({Format(p.InfBucket)})",
                    Format(p.Count));
            }

            if (p.HasSum && p.Sum < 0 && !p.HasNegativeBucket)
            {
                return Previous($"a non-negative {Text(FamilyName)}_gsum, because the gauge histogram has no negative bucket bounds", Format(p.Sum));
            }
        }

        return ValidationError.None;
    }

    private ValidationError CheckExemplar(in SampleFacts sample, SampleRole role)
    {
        if (!sample.HasExemplar)
        {
            return ValidationError.None;
        }

        var allowed = (type == MetricType.Counter && role == SampleRole.Total)
            || (type is MetricType.Histogram or MetricType.GaugeHistogram && role == SampleRole.Bucket);
        if (!allowed)
        {
            return new ValidationError(
                ErrorSite.Exemplar,
                "an exemplar only on a counter's _total sample or a histogram bucket",
                $"an exemplar on {Describe(type)} sample \"{Text(sample.Name)}\"");
        }

        if (sample.ExemplarRunes > MaxExemplarRunes)
        {
            return new ValidationError(
                ErrorSite.Exemplar,
                $"exemplar label names and values of at most {MaxExemplarRunes} characters in all",
                $"{sample.ExemplarRunes} characters");
        }

        return ValidationError.None;
    }

    private ValidationError CheckTypeRules(in SampleFacts sample, SampleRole role)
    {
        var v = sample.Value;
        switch (type)
        {
            case MetricType.Counter when role == SampleRole.Total:
                return double.IsNaN(v) || v < 0
                    ? new ValidationError(ErrorSite.Value, "a counter value that is neither negative nor NaN", Format(v))
                    : ValidationError.None;
            case MetricType.Histogram or MetricType.GaugeHistogram:
                return CheckHistogramSample(sample, role);
            case MetricType.Summary:
                return CheckSummarySample(sample, role);
            case MetricType.Info:
                return v != 1
                    ? new ValidationError(ErrorSite.Value, "the value 1 for an info sample", Format(v))
                    : ValidationError.None;
            case MetricType.StateSet:
                if (sample.FindLabel(FamilyName) < 0)
                {
                    return new ValidationError(
                        ErrorSite.Labels,
                        $"a label \"{Text(FamilyName)}\" naming the state on every sample of stateset \"{Text(FamilyName)}\"",
                        "no such label");
                }

                return v is not (0 or 1)
                    ? new ValidationError(ErrorSite.Value, "0 or 1 as a stateset value", Format(v))
                    : ValidationError.None;
            default:
                return ValidationError.None;
        }
    }

    private ValidationError CheckHistogramSample(in SampleFacts sample, SampleRole role)
    {
        var v = sample.Value;
        switch (role)
        {
            case SampleRole.Bucket:
                return CheckBucket(sample);
            case SampleRole.Count or SampleRole.GaugeCount:
                point.HasSamples = true;
                point.HasCount = true;
                point.Count = v;
                return CheckCount(v, "count");
            case SampleRole.Sum:
                point.HasSamples = true;
                point.HasSum = true;
                point.Sum = v;
                return double.IsNaN(v) || v < 0
                    ? new ValidationError(ErrorSite.Value, "a histogram sum that is neither negative nor NaN", Format(v))
                    : ValidationError.None;
            case SampleRole.GaugeSum:
                point.HasSamples = true;
                point.HasSum = true;
                point.Sum = v;
                return double.IsNaN(v)
                    ? new ValidationError(ErrorSite.Value, "a gauge histogram sum that is not NaN", Format(v))
                    : ValidationError.None;
            default:
                return ValidationError.None;
        }
    }

    private ValidationError CheckBucket(in SampleFacts sample)
    {
        var index = sample.FindLabel("le"u8);
        if (index < 0)
        {
            return new ValidationError(ErrorSite.Labels, $"a label le on bucket sample \"{Text(sample.Name)}\"", "no le label");
        }

        var raw = sample.LabelValue(index);
        if (!ExpositionNumbers.TryParseValue(raw, out var bound) || double.IsNaN(bound))
        {
            return new ValidationError(ErrorSite.Labels, "a number as the le bound, such as 0.5 or +Inf", $"le=\"{Text(raw)}\"");
        }

        if (double.IsPositiveInfinity(bound) && !raw.SequenceEqual("+Inf"u8))
        {
            return new ValidationError(ErrorSite.Labels, "the last bucket written exactly as le=\"+Inf\"", $"le=\"{Text(raw)}\"");
        }

        if (point.HasBuckets && bound <= point.LastBound)
        {
            return new ValidationError(
                ErrorSite.Labels,
                $"buckets in increasing order of le, so a bound above {Format(point.LastBound)}",
                $"le=\"{Text(raw)}\"");
        }

        var v = sample.Value;
        var error = CheckCount(v, "bucket count");
        if (error.IsError)
        {
            return error;
        }

        if (point.HasBuckets && v < point.LastBucket)
        {
            return new ValidationError(
                ErrorSite.Value,
                $"cumulative bucket counts, so at least {Format(point.LastBucket)} for le=\"{Text(raw)}\"",
                Format(v));
        }

        point.HasSamples = true;
        point.HasBuckets = true;
        point.LastBound = bound;
        point.LastBucket = v;
        point.HasNegativeBucket |= bound < 0;
        if (double.IsPositiveInfinity(bound))
        {
            point.HasInfBucket = true;
            point.InfBucket = v;
        }

        return ValidationError.None;
    }

    private ValidationError CheckSummarySample(in SampleFacts sample, SampleRole role)
    {
        var v = sample.Value;
        switch (role)
        {
            case SampleRole.Value:
                var index = sample.FindLabel("quantile"u8);
                if (index < 0)
                {
                    return new ValidationError(ErrorSite.Labels, $"a label quantile on summary sample \"{Text(sample.Name)}\"", "no quantile label");
                }

                var raw = sample.LabelValue(index);
                if (!ExpositionNumbers.TryParseValue(raw, out var quantile) || !(quantile >= 0 && quantile <= 1))
                {
                    return new ValidationError(ErrorSite.Labels, "a quantile between 0 and 1", $"quantile=\"{Text(raw)}\"");
                }

                return v < 0
                    ? new ValidationError(ErrorSite.Value, "a quantile value that is not negative", Format(v))
                    : ValidationError.None;
            case SampleRole.Count:
                return CheckCount(v, "count");
            case SampleRole.Sum:
                return double.IsNaN(v) || v < 0
                    ? new ValidationError(ErrorSite.Value, "a summary sum that is neither negative nor NaN", Format(v))
                    : ValidationError.None;
            default:
                return ValidationError.None;
        }
    }

    private static ValidationError CheckCount(double v, string what)
    {
        if (double.IsNaN(v) || v < 0)
        {
            return new ValidationError(ErrorSite.Value, $"a {what} that is neither negative nor NaN", Format(v));
        }

        return v != Math.Floor(v)
            ? new ValidationError(ErrorSite.Value, $"a whole number as {what}", Format(v))
            : ValidationError.None;
    }

    private static ValidationError Previous(string expected, string found) => new(ErrorSite.PreviousSample, expected, found);

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Describe(MetricType metricType) =>
        metricType is MetricType.Unknown or MetricType.Info ? "an " + TypeWord(metricType) : "a " + TypeWord(metricType);

    /// <summary>Returns the type as OpenMetrics spells it in a TYPE line.</summary>
    internal static string TypeWord(MetricType metricType) => metricType switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        MetricType.GaugeHistogram => "gaugehistogram",
        MetricType.Summary => "summary",
        MetricType.Info => "info",
        MetricType.StateSet => "stateset",
        _ => "unknown",
    };

    /// <summary>The state of one histogram point while its samples are read.</summary>
    private struct PointState
    {
        public bool HasSamples;
        public bool HasBuckets;
        public double LastBound;
        public double LastBucket;
        public bool HasInfBucket;
        public double InfBucket;
        public bool HasNegativeBucket;
        public bool HasCount;
        public double Count;
        public bool HasSum;
        public double Sum;
    }
}

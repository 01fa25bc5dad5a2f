using System.Globalization;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary><c>histogram_quantile</c> and <c>histogram_fraction</c> over classic <c>le</c> buckets.</summary>
internal sealed partial class Evaluator
{
    private const double SmallDeltaTolerance = 1e-12;

    private (List<StepSeries> Input, int[] GroupOf, double[] Bounds, List<Labels> Groups) BucketGroups(Expr vectorArg, Frame frame)
    {
        var input = ((VectorValue)Eval(vectorArg, frame)).Series;
        var groupOf = new int[input.Count];
        var bounds = new double[input.Count];
        var index = new Dictionary<Labels, int>();
        var groups = new List<Labels>();
        for (var i = 0; i < input.Count; i++)
        {
            var labels = input[i].Labels;
            var le = labels.Get(LabelNames.BucketBound);
            if (!HasAnyFloat(input[i]))
            {
                groupOf[i] = -1;
                continue;
            }

            if (le is null || !TryParseBound(le, out bounds[i]))
            {
                Annotations.Warn($"bucket label \"le\" is missing or has a malformed value of \"{le}\" for metric name \"{labels.MetricName}\"", vectorArg.Position);
                groupOf[i] = -1;
                continue;
            }

            var key = labels.Without(LabelNames.BucketBound);
            if (!index.TryGetValue(key, out var g))
            {
                g = groups.Count;
                index.Add(key, g);
                groups.Add(key);
            }

            groupOf[i] = g;
        }

        return (input, groupOf, bounds, groups);
    }

    private static bool HasAnyFloat(StepSeries series)
    {
        for (var i = 0; i < series.Present.Length; i++)
        {
            if (series.HasFloat(i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseBound(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        || NumberText.TryParse(text, out value);

    private VectorValue HistogramQuantile(Call call, Frame frame)
    {
        var q = (ScalarValue)Eval(call.Args[0], frame);
        WarnQuantiles(q, call.Args[0].Position);
        var (input, groupOf, bounds, groups) = BucketGroups(call.Args[1], frame);
        return BucketFunction(input, groupOf, bounds, groups, frame, call.Args[1].Position, "histogram_quantile", (step, h) => NativeHistogramMath.Quantile(q.Values[step], h), (step, buckets) =>
        {
            var qs = q.Values[step];

            var (value, forced) = BucketQuantile(qs, buckets);
            if (forced)
            {
                Annotations.Info(
                    $"input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"{currentMetricName}\"",
                    call.Args[1].Position);
            }

            return value;
        });
    }

    private void WarnQuantiles(ScalarValue q, int position)
    {
        foreach (var value in q.Values)
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                Annotations.Warn($"quantile value should be between 0 and 1, got {GoFloat(value)}", position);
                return;
            }
        }
    }

    private VectorValue HistogramQuantiles(Call call, Frame frame)
    {
        var label = ((StringValue)Eval(call.Args[1], frame)).Text;
        var quantiles = new List<ScalarValue>();
        for (var a = 2; a < call.Args.Count; a++)
        {
            var q = (ScalarValue)Eval(call.Args[a], frame);
            WarnQuantiles(q, call.Args[a].Position);
            quantiles.Add(q);
        }

        var (input, groupOf, bounds, groups) = BucketGroups(call.Args[0], frame);
        foreach (var group in groups.Concat(input.Where(s => s.Histograms is not null).Select(s => s.Labels)))
        {
            if (group.Has(label))
            {
                throw new QueryException(QueryErrorType.Execution, $"label \"{label}\" of histogram_quantiles already exists in the input series {group}");
            }
        }

        var collector = new SeriesCollector(frame.Steps);
        foreach (var q in quantiles)
        {
            var results = BucketFunction(input, groupOf, bounds, groups, frame, call.Args[0].Position, "histogram_quantile", (step, h) => NativeHistogramMath.Quantile(q.Values[step], h), (step, buckets) =>
            {
                var (value, forced) = BucketQuantile(q.Values[step], [.. buckets]);
                if (forced)
                {
                    Annotations.Info(
                        $"input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"{currentMetricName}\"",
                        call.Args[0].Position);
                }

                return value;
            });
            foreach (var s in results.Series)
            {
                for (var i = 0; i < frame.Steps; i++)
                {
                    if (s.Present[i])
                    {
                        var labels = new LabelsBuilder(s.Labels).Set(label, LabelFloat(q.Values[i])).Build();
                        collector.Add(labels, s.DropName, i, s.Values[i]);
                    }
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    /// <summary>Formats a float for a label value the way Prometheus writes <c>le</c> and <c>quantile</c>: integers get <c>.0</c>.</summary>
    internal static string LabelFloat(double value)
    {
        var text = ExprPrinter.FormatNumber(value);
        return double.IsFinite(value) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.Ordinal) ? text + ".0" : text;
    }

    private VectorValue HistogramFraction(Call call, Frame frame)
    {
        var lower = (ScalarValue)Eval(call.Args[0], frame);
        var upper = (ScalarValue)Eval(call.Args[1], frame);
        var (input, groupOf, bounds, groups) = BucketGroups(call.Args[2], frame);
        return BucketFunction(
            input,
            groupOf,
            bounds,
            groups,
            frame,
            call.Args[2].Position,
            "histogram_fraction",
            (step, h) => NativeHistogramMath.Fraction(lower.Values[step], upper.Values[step], h),
            (step, buckets) => BucketFraction(lower.Values[step], upper.Values[step], buckets));
    }

    private string currentMetricName = string.Empty;

    /// <summary>
    /// Computes a bucket function per step over classic bucket groups and over native histograms.
    /// A native histogram with the labels of a classic group that has buckets at the same step is
    /// the mix Prometheus rejects: both are dropped with a warning.
    /// </summary>
    private VectorValue BucketFunction(
        List<StepSeries> input,
        int[] groupOf,
        double[] bounds,
        List<Labels> groups,
        Frame frame,
        int position,
        string function,
        Func<int, FloatHistogram, double> native,
        Func<int, List<(double Bound, double Count)>, double> compute)
    {
        var groupIndex = new Dictionary<Labels, int>();
        for (var g = 0; g < groups.Count; g++)
        {
            groupIndex[groups[g]] = g;
        }

        var nativeOutputs = new StepSeries?[input.Count];
        var members = new List<(double Bound, double Count)>[groups.Count];
        for (var g = 0; g < members.Length; g++)
        {
            members[g] = [];
        }

        var collector = new SeriesCollector(frame.Steps);
        var outputs = new StepSeries?[groups.Count];
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, input.Count + 1);
            foreach (var m in members)
            {
                m.Clear();
            }

            for (var i = 0; i < input.Count; i++)
            {
                if (groupOf[i] >= 0 && input[i].HasFloat(step))
                {
                    members[groupOf[i]].Add((bounds[i], input[i].Values[step]));
                }
            }

            for (var i = 0; i < input.Count; i++)
            {
                if (input[i].HistogramAt(step) is not { } histogram)
                {
                    continue;
                }

                if (groupIndex.TryGetValue(input[i].Labels, out var classic) && members[classic].Count > 0)
                {
                    Annotations.Warn($"vector contains a mix of classic and native histograms for metric name \"{input[i].Labels.MetricName}\"", position);
                    members[classic].Clear();
                    continue;
                }

                if (nativeOutputs[i] is null)
                {
                    var (labels, drop) = DropNameOf(input[i].Labels);
                    nativeOutputs[i] = collector.GetOrAdd(labels, drop || input[i].DropName);
                }

                var value = native(step, histogram);
                if (double.IsNaN(histogram.Sum) && histogram.Count > 0)
                {
                    // NaN observations make the sum NaN. They count in the total but sit in no bucket.
                    var effect = function == "histogram_fraction"
                        ? "which are excluded from all fractions"
                        : double.IsNaN(value) ? "result is NaN" : "result is skewed higher";
                    Annotations.Info($"input to {function} has NaN observations, {effect} for metric name \"{input[i].Labels.MetricName}\"", position);
                }

                SetChecked(nativeOutputs[i]!, step, value);
            }

            for (var g = 0; g < groups.Count; g++)
            {
                if (members[g].Count == 0)
                {
                    continue;
                }

                currentMetricName = groups[g].MetricName;
                var value = compute(step, members[g]);
                if (outputs[g] is null)
                {
                    var (labels, drop) = DropNameOf(groups[g]);
                    outputs[g] = collector.GetOrAdd(labels, drop);
                }

                SetChecked(outputs[g]!, step, value);
            }
        }

        return new VectorValue(collector.Series);
    }

    private static List<(double Bound, double Count)> Prepare(List<(double Bound, double Count)> buckets)
    {
        buckets.Sort((a, b) => a.Bound.CompareTo(b.Bound));
        var merged = new List<(double Bound, double Count)>(buckets.Count);
        foreach (var b in buckets)
        {
            if (merged.Count > 0 && merged[^1].Bound == b.Bound)
            {
                merged[^1] = (b.Bound, merged[^1].Count + b.Count);
            }
            else
            {
                merged.Add(b);
            }
        }

        return merged;
    }

    private static bool EnsureMonotonic(List<(double Bound, double Count)> buckets)
    {
        var forced = false;
        var prev = buckets[0].Count;
        for (var i = 1; i < buckets.Count; i++)
        {
            var curr = buckets[i].Count;
            if (curr == prev)
            {
                continue;
            }

            if (Statistics.AlmostEqual(prev, curr, SmallDeltaTolerance))
            {
                buckets[i] = (buckets[i].Bound, prev);
                continue;
            }

            if (curr < prev)
            {
                buckets[i] = (buckets[i].Bound, prev);
                forced = true;
                continue;
            }

            prev = curr;
        }

        return forced;
    }

    internal static (double Value, bool ForcedMonotonic) BucketQuantile(double q, List<(double Bound, double Count)> input)
    {
        if (double.IsNaN(q))
        {
            return (double.NaN, false);
        }

        if (q < 0)
        {
            return (double.NegativeInfinity, false);
        }

        if (q > 1)
        {
            return (double.PositiveInfinity, false);
        }

        var buckets = Prepare(input);
        if (!double.IsPositiveInfinity(buckets[^1].Bound))
        {
            return (double.NaN, false);
        }

        var forced = EnsureMonotonic(buckets);
        if (buckets.Count < 2)
        {
            return (double.NaN, false);
        }

        var observations = buckets[^1].Count;
        if (observations == 0)
        {
            return (double.NaN, false);
        }

        var rank = q * observations;
        var b = 0;
        while (b < buckets.Count - 1 && !(buckets[b].Count >= rank))
        {
            b++;
        }

        if (b == buckets.Count - 1)
        {
            return (buckets[^2].Bound, forced);
        }

        if (b == 0 && buckets[0].Bound <= 0)
        {
            return (buckets[0].Bound, forced);
        }

        var bucketStart = 0.0;
        var bucketEnd = buckets[b].Bound;
        var count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].Bound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }

        return (bucketStart + ((bucketEnd - bucketStart) * (rank / count)), forced);
    }

    internal static double BucketFraction(double lower, double upper, List<(double Bound, double Count)> input)
    {
        var buckets = Prepare(input);
        if (!double.IsPositiveInfinity(buckets[^1].Bound))
        {
            return double.NaN;
        }

        EnsureMonotonic(buckets);
        var count = buckets[^1].Count;
        if (count == 0 || double.IsNaN(lower) || double.IsNaN(upper))
        {
            return double.NaN;
        }

        if (lower >= upper)
        {
            return 0;
        }

        double rank = 0, lowerRank = 0, upperRank = 0;
        bool lowerSet = false, upperSet = false;
        for (var i = 0; i < buckets.Count; i++)
        {
            var lowerBound = i > 0 ? buckets[i - 1].Bound : (buckets[0].Bound > 0 ? 0 : double.NegativeInfinity);
            var upperBound = buckets[i].Bound;
            var bucketCount = buckets[i].Count;
            double Interpolate(double x)
            {
                if (double.IsNegativeInfinity(lowerBound))
                {
                    return bucketCount;
                }

                if (double.IsPositiveInfinity(upperBound))
                {
                    return rank;
                }

                return rank + ((bucketCount - rank) * (x - lowerBound) / (upperBound - lowerBound));
            }

            if (!lowerSet && lowerBound >= lower)
            {
                lowerRank = rank;
                lowerSet = true;
            }

            if (!upperSet && lowerBound >= upper)
            {
                upperRank = rank;
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            if (!lowerSet && lowerBound < lower && upperBound > lower)
            {
                lowerRank = Interpolate(lower);
                lowerSet = true;
            }

            if (!upperSet && lowerBound < upper && upperBound > upper)
            {
                upperRank = Interpolate(upper);
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            rank = bucketCount;
        }

        if (!lowerSet || lowerRank > count)
        {
            lowerRank = count;
        }

        if (!upperSet || upperRank > count)
        {
            upperRank = count;
        }

        return (upperRank - lowerRank) / count;
    }
}

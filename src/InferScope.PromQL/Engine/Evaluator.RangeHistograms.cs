using InferScope.Model.Histograms;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>
/// Range functions over windows that hold native histograms, following Prometheus 3.x: rates and
/// deltas of histograms, sums and averages over time, and the functions that read floats only,
/// which skip histograms with an info annotation.
/// </summary>
internal sealed partial class Evaluator
{
    private static bool HasHistogram(FloatHistogram?[] histograms, int lo, int hi)
    {
        for (var k = lo; k < hi; k++)
        {
            if (histograms[k] is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasFloat(RawSeries series)
    {
        if (series.Histograms is null)
        {
            return series.Count > 0;
        }

        for (var k = 0; k < series.Count; k++)
        {
            if (series.Histograms[k] is null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Evaluates a range function over a window [lo, hi) of a series that contains at least one histogram.</summary>
    private (double? Float, FloatHistogram? Histogram) HistogramWindow(
        Call call, RawSeries s, int lo, int hi, long start, long end, double rangeSeconds, long evalTime, ScalarValue?[] scalars, int step, int matrixIndex)
    {
        var name = call.Function.Name;
        var position = call.Args[matrixIndex].Position;
        var metric = s.Labels.MetricName;
        var floatTimes = new List<long>();
        var floatValues = new List<double>();
        var histogramTimes = new List<long>();
        var histograms = new List<FloatHistogram>();
        for (var k = lo; k < hi; k++)
        {
            if (s.HistogramAt(k) is { } h)
            {
                histogramTimes.Add(s.Timestamps[k]);
                histograms.Add(h);
            }
            else
            {
                floatTimes.Add(s.Timestamps[k]);
                floatValues.Add(s.Values[k]);
            }
        }

        var hasFloats = floatValues.Count > 0;
        switch (name)
        {
            case "rate" or "increase" or "delta":
                if (hasFloats)
                {
                    Annotations.Warn($"encountered a mix of histograms and floats for metric name \"{metric}\"", position);
                    return (null, null);
                }

                return (null, ExtrapolatedHistogramRate(histogramTimes, histograms, start, end, rangeSeconds, name != "delta", name == "rate", metric, position));
            case "irate" or "idelta":
                return InstantHistogramValue(s, lo, hi, name == "irate", metric, position);
            case "resets" or "changes":
                return (CountTransitions(s, lo, hi, name == "resets"), null);
            case "sum_over_time" or "avg_over_time":
                {
                    if (hasFloats)
                    {
                        Annotations.Warn($"encountered a mix of histograms and floats for metric name \"{metric}\"", position);
                        return (null, null);
                    }

                    FloatHistogram? partial = null;
                    FloatHistogram? compensation = null;
                    foreach (var histogram in histograms)
                    {
                        if (!AccumulateHistogram(ref partial, ref compensation, histogram, metric, position))
                        {
                            return (null, null);
                        }
                    }

                    var total = FinishHistogramSum(partial!, compensation);

                    if (name == "avg_over_time")
                    {
                        return (null, AverageHistograms(total, histograms, metric, position)?.Compact());
                    }

                    return (null, total.Compact());
                }

            case "count_over_time":
                return (hi - lo, null);
            case "present_over_time":
                return (1, null);
            case "last_over_time":
                return s.HistogramAt(hi - 1) is { } last ? (null, last) : (s.Values[hi - 1], null);
            case "first_over_time":
                return s.HistogramAt(lo) is { } first ? (null, first) : (s.Values[lo], null);
            case "ts_of_last_over_time":
                return (s.Timestamps[hi - 1] / 1000.0, null);
            case "ts_of_first_over_time":
                return (s.Timestamps[lo] / 1000.0, null);
            default:
                {
                    // The remaining functions read floats only: histograms in the window are ignored.
                    var needed = name is "deriv" or "predict_linear" or "double_exponential_smoothing" ? 2 : 1;
                    if (floatValues.Count < needed)
                    {
                        if (hasFloats && name is "deriv" or "predict_linear")
                        {
                            Annotations.Info($"ignored histograms in a range containing both floats and histograms for metric name \"{metric}\"", position);
                        }

                        return (null, null);
                    }

                    Annotations.Info($"ignored histograms in a range containing both floats and histograms for metric name \"{metric}\"", position);
                    return (FloatWindow(name, [.. floatTimes], [.. floatValues], start, end, rangeSeconds, evalTime, scalars, step), null);
                }
        }
    }

    /// <summary>
    /// Computes rate, increase or delta over histogram samples: the last minus the first at the
    /// coarsest schema in the window, corrected for counter resets, extrapolated as for floats.
    /// </summary>
    private FloatHistogram? ExtrapolatedHistogramRate(
        List<long> times, List<FloatHistogram> histograms, long rangeStart, long rangeEnd, double rangeSeconds, bool isCounter, bool isRate, string metric, int position)
    {
        if (histograms.Count < 2)
        {
            return null;
        }

        var first = histograms[0];
        var last = histograms[^1];
        var minSchema = Math.Min(first.Schema, last.Schema);
        for (var k = 1; k < histograms.Count - 1; k++)
        {
            if (histograms[k].UsesCustomBuckets != first.UsesCustomBuckets)
            {
                Annotations.Warn($"vector contains a mix of histograms with exponential and custom buckets schemas for metric name \"{metric}\"", position);
                return null;
            }

            minSchema = Math.Min(minSchema, histograms[k].Schema);
        }

        // A last sample of the other bucket kind can only follow a reset, so it is the increase
        // by itself. The first sample still counts for the extrapolation towards zero.
        var kindSwitched = last.UsesCustomBuckets != first.UsesCustomBuckets;
        if (!isCounter && kindSwitched)
        {
            Annotations.Warn($"vector contains a mix of histograms with exponential and custom buckets schemas for metric name \"{metric}\"", position);
            return null;
        }

        if (isCounter)
        {
            if (histograms.Exists(h => h.CounterResetHint == CounterResetHint.Gauge))
            {
                Annotations.Warn($"this native histogram metric is not a counter: \"{metric}\"", position);
            }
        }
        else if (first.CounterResetHint != CounterResetHint.Gauge || last.CounterResetHint != CounterResetHint.Gauge)
        {
            Annotations.Warn($"this native histogram metric is not a gauge: \"{metric}\"", position);
        }

        var result = kindSwitched ? last : CombineHistograms(last.ReduceResolution(minSchema), first, subtract: true, metric, position, "subtraction");
        if (result is null)
        {
            return null;
        }

        if (isCounter && !kindSwitched)
        {
            for (var k = 1; k < histograms.Count; k++)
            {
                if (histograms[k].DetectReset(histograms[k - 1]))
                {
                    result = CombineHistograms(result, histograms[k - 1], subtract: false, metric, position, "addition");
                    if (result is null)
                    {
                        return null;
                    }
                }
            }
        }

        var sampled = (times[^1] - times[0]) / 1000.0;
        var durationToStart = (times[0] - rangeStart) / 1000.0;
        var durationToEnd = (rangeEnd - times[^1]) / 1000.0;
        var average = sampled / (histograms.Count - 1);
        var threshold = average * 1.1;
        if (durationToStart >= threshold)
        {
            durationToStart = average / 2;
        }

        if (isCounter && result.Count > 0 && first.Count >= 0)
        {
            var durationToZero = sampled * (first.Count / result.Count);
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }

        if (durationToEnd >= threshold)
        {
            durationToEnd = average / 2;
        }

        var factor = (sampled + durationToStart + durationToEnd) / sampled;
        if (isRate)
        {
            factor /= rangeSeconds;
        }

        return result.Multiply(factor).WithHint(CounterResetHint.Gauge).Compact();
    }

    /// <summary>irate and idelta over the last two samples of a window that contains histograms.</summary>
    private (double? Float, FloatHistogram? Histogram) InstantHistogramValue(RawSeries s, int lo, int hi, bool isRate, string metric, int position)
    {
        if (hi - lo < 2)
        {
            return (null, null);
        }

        var previous = s.HistogramAt(hi - 2);
        var last = s.HistogramAt(hi - 1);
        var interval = s.Timestamps[hi - 1] - s.Timestamps[hi - 2];
        if (previous is null && last is null)
        {
            return (InstantValue(s.Timestamps.AsSpan(hi - 2, 2), s.Values.AsSpan(hi - 2, 2), isRate), null);
        }

        if (previous is null || last is null)
        {
            Annotations.Warn($"encountered a mix of histograms and floats for metric name \"{metric}\"", position);
            return (null, null);
        }

        if (interval == 0)
        {
            return (null, null);
        }

        if (isRate && (previous.CounterResetHint == CounterResetHint.Gauge || last.CounterResetHint == CounterResetHint.Gauge))
        {
            Annotations.Warn($"this native histogram metric is not a counter: \"{metric}\"", position);
        }

        if (!isRate && (previous.CounterResetHint != CounterResetHint.Gauge || last.CounterResetHint != CounterResetHint.Gauge))
        {
            Annotations.Warn($"this native histogram metric is not a gauge: \"{metric}\"", position);
        }

        var result = last;
        if (!isRate || !last.DetectReset(previous))
        {
            var difference = CombineHistograms(last, previous, subtract: true, metric, position, "subtraction");
            if (difference is null)
            {
                return (null, null);
            }

            result = difference;
        }

        if (isRate)
        {
            result = result.Divide(interval / 1000.0);
        }

        return (null, result.WithHint(CounterResetHint.Gauge).Compact());
    }

    /// <summary>Counts resets or changes across a window that mixes floats and histograms; a switch between the two counts as one.</summary>
    private static double CountTransitions(RawSeries s, int lo, int hi, bool resets)
    {
        var count = 0;
        for (var k = lo + 1; k < hi; k++)
        {
            var previous = s.HistogramAt(k - 1);
            var current = s.HistogramAt(k);
            if (previous is null && current is null)
            {
                var p = s.Values[k - 1];
                var c = s.Values[k];
                var transition = resets ? c < p : c != p && !(double.IsNaN(c) && double.IsNaN(p));
                count += transition ? 1 : 0;
            }
            else if (previous is null || current is null)
            {
                count++;
            }
            else
            {
                var transition = resets ? current.DetectReset(previous) : !current.ValueEquals(previous);
                count += transition ? 1 : 0;
            }
        }

        return count;
    }
}

using InferScope.Model;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>Functions over range vectors: each series is swept once with a sliding window per step.</summary>
internal sealed partial class Evaluator
{
    private Value EvalRangeFunction(Call call, Frame frame)
    {
        var name = call.Function.Name;
        var matrixIndex = 0;
        for (var a = 0; a < call.Args.Count; a++)
        {
            if (call.Args[a].Kind == ValueKind.Matrix)
            {
                matrixIndex = a;
            }
        }

        var scalars = new ScalarValue?[call.Args.Count];
        for (var a = 0; a < call.Args.Count; a++)
        {
            if (a != matrixIndex)
            {
                scalars[a] = (ScalarValue)Eval(call.Args[a], frame);
            }
        }

        if (name == "absent_over_time")
        {
            return AbsentOverTime(call, EvalRange(call.Args[matrixIndex], frame), frame);
        }

        // A plain range selector is swept while each series' samples are at hand, on several
        // threads where the store allows, instead of keeping every sample of every series.
        List<SweptSeries>? computed = null;
        RangeInput input;
        if (Unparenthesized(call.Args[matrixIndex]) is MatrixSelector selector)
        {
            var refs = ReferenceTimes(selector.Selector, frame);
            var range = DurationMs(selector.Range);
            computed = SweepWhileReading(selector, refs, range, frame, FloatWindowOf(name), scalars);
            var raw = computed.Where(c => c.Raw is not null).Select(c => c.Raw!).ToList();
            input = new RangeInput(raw, range, refs, selector.Selector.Offset is null ? 0 : OffsetMs(selector.Selector));
        }
        else
        {
            input = EvalRange(call.Args[matrixIndex], frame);
        }

        if (name == "quantile_over_time")
        {
            for (var i = 0; i < frame.Steps; i++)
            {
                var q = scalars[0]!.Values[i];
                if ((computed?.Count ?? input.Series.Count) > 0 && (double.IsNaN(q) || q < 0 || q > 1))
                {
                    Annotations.Warn($"quantile value should be between 0 and 1, got {GoFloat(q)}", call.Args[0].Position);
                    break;
                }
            }
        }

        if (name == "double_exponential_smoothing")
        {
            var sf = scalars[1]!.Values[0];
            var tf = scalars[2]!.Values[0];
            if (!(sf > 0 && sf < 1))
            {
                throw new QueryException(QueryErrorType.Execution, $"invalid smoothing factor. Expected: 0 < sf < 1, got: {sf:F6}");
            }

            if (!(tf > 0 && tf < 1))
            {
                throw new QueryException(QueryErrorType.Execution, $"invalid trend factor. Expected: 0 < tf < 1, got: {tf:F6}");
            }
        }

        var keepName = name is "last_over_time" or "first_over_time";
        var isCounterFunction = name is "rate" or "increase" or "irate";
        var collector = new SeriesCollector(frame.Steps);
        if (computed is not null)
        {
            foreach (var series in computed)
            {
                if (series.Raw is not null)
                {
                    SweepSeries(call, series.Raw, input, collector, frame, scalars, matrixIndex, keepName, isCounterFunction);
                    continue;
                }

                if (isCounterFunction)
                {
                    InfoIfNotCounter(series.Labels, call.Args[matrixIndex].Position);
                }

                var output = series.Windows!;
                if (output.IsEmpty)
                {
                    continue;
                }

                var (labels, drop) = keepName ? (series.Labels, false) : DropNameOf(series.Labels);
                var merged = collector.GetOrAdd(labels, drop);
                for (var i = 0; i < frame.Steps; i++)
                {
                    if (output.Present[i])
                    {
                        SetChecked(merged, i, output.Values[i]);
                    }
                }
            }

            return new VectorValue(collector.Series);
        }

        foreach (var s in input.Series)
        {
            SweepSeries(call, s, input, collector, frame, scalars, matrixIndex, keepName, isCounterFunction);
        }

        return new VectorValue(collector.Series);
    }

    private static Expr Unparenthesized(Expr expr)
    {
        while (expr is ParenExpr p)
        {
            expr = p.Inner;
        }

        return expr;
    }

    private void InfoIfNotCounter(Labels labels, int position)
    {
        var metric = labels.MetricName;
        if (metric.Length > 0 && !metric.EndsWith("_total", StringComparison.Ordinal) && !metric.EndsWith("_sum", StringComparison.Ordinal)
            && !metric.EndsWith("_count", StringComparison.Ordinal) && !metric.EndsWith("_bucket", StringComparison.Ordinal))
        {
            Annotations.Info($"metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"{metric}\"", position);
        }
    }

    /// <summary>Sweeps one series of a range input across the steps, float and histogram windows alike, into the collector.</summary>
    private void SweepSeries(Call call, RawSeries s, RangeInput input, SeriesCollector collector, Frame frame, ScalarValue?[] scalars, int matrixIndex, bool keepName, bool isCounterFunction)
    {
        var rangeSeconds = input.RangeMs / 1000.0;
        var windowFunction = FloatWindowOf(call.Function.Name);
        cancellationToken.ThrowIfCancellationRequested();
        if (isCounterFunction && HasFloat(s))
        {
            InfoIfNotCounter(s.Labels, call.Args[matrixIndex].Position);
        }

        var (labels, drop) = keepName ? (s.Labels, s.DropName) : DropNameOf(s.Labels);
        StepSeries? output = null;
        var lo = 0;
        var hi = 0;
        long work = 0;
        for (var i = 0; i < frame.Steps; i++)
        {
            var end = input.WindowEnds[i];
            var start = end - input.RangeMs;
            while (hi < s.Count && s.Timestamps[hi] <= end)
            {
                hi++;
            }

            if (lo > hi)
            {
                lo = hi;
            }

            while (lo < hi && s.Timestamps[lo] <= start)
            {
                lo++;
            }

            CheckCancellation(ref work, hi - lo + 1);

            if (hi == lo)
            {
                continue;
            }

            var t = s.Timestamps.AsSpan(lo, hi - lo);
            var v = s.Values.AsSpan(lo, hi - lo);
            if (s.Histograms is not null && HasHistogram(s.Histograms, lo, hi))
            {
                var (floatResult, histogramResult) = HistogramWindow(call, s, lo, hi, start, end, rangeSeconds, frame.Time(i), scalars, i, matrixIndex);
                if (histogramResult is not null)
                {
                    output ??= collector.GetOrAdd(labels, drop);
                    SetHistogramChecked(output, i, histogramResult);
                }
                else if (floatResult is { } f)
                {
                    output ??= collector.GetOrAdd(labels, drop);
                    SetChecked(output, i, f);
                }

                continue;
            }

            var result = windowFunction(t, v, start, end, rangeSeconds, frame.Time(i), scalars, i);
            if (result is null)
            {
                continue;
            }

            output ??= collector.GetOrAdd(labels, drop);
            SetChecked(output, i, result.Value);
        }
    }

    /// <summary>
    /// Reads a range selector and applies a float window function to each series as it is decoded.
    /// A series that contains native histograms is kept whole in <see cref="SweptSeries.Raw"/> for the
    /// general sweep, which also handles histogram windows.
    /// </summary>
    private List<SweptSeries> SweepWhileReading(MatrixSelector m, long[] refs, long range, Frame frame, FloatWindowFunction windowFunction, ScalarValue?[] scalars)
    {
        var rangeSeconds = range / 1000.0;
        return ReadSelected(m.Selector.Matchers, refs[0] - range + 1, refs[^1], (series, batch) =>
        {
            batch.RemoveStaleMarkers();
            if (batch.Count == 0)
            {
                return null;
            }

            CountSamples(batch.Count);
            if (batch.Histograms is not null)
            {
                return new SweptSeries(series.Labels, null, ToRawSeries(series.Labels, batch));
            }

            var timestamps = batch.Timestamps;
            var values = batch.Values;
            var count = batch.Count;
            CountSamples(frame.Steps);
            var output = new StepSeries(series.Labels, frame.Steps);
            var lo = 0;
            var hi = 0;
            long work = 0;
            for (var i = 0; i < refs.Length; i++)
            {
                var end = refs[i];
                var start = end - range;
                while (hi < count && timestamps[hi] <= end)
                {
                    hi++;
                }

                if (lo > hi)
                {
                    lo = hi;
                }

                while (lo < hi && timestamps[lo] <= start)
                {
                    lo++;
                }

                CheckCancellation(ref work, hi - lo + 1);

                if (hi > lo && windowFunction(timestamps.AsSpan(lo, hi - lo), values.AsSpan(lo, hi - lo), start, end, rangeSeconds, frame.Time(i), scalars, i) is { } result)
                {
                    output.Set(i, result);
                }
            }

            return new SweptSeries(series.Labels, output, null);
        });
    }

    /// <summary>A range function over the float samples of one window; null when the window yields no value.</summary>
    private delegate double? FloatWindowFunction(ReadOnlySpan<long> t, ReadOnlySpan<double> v, long start, long end, double rangeSeconds, long evalTime, ScalarValue?[] scalars, int i);

    /// <summary>Computes a range function over the float samples of one window.</summary>
    private static double? FloatWindow(string name, ReadOnlySpan<long> t, ReadOnlySpan<double> v, long start, long end, double rangeSeconds, long evalTime, ScalarValue?[] scalars, int i) =>
        FloatWindowOf(name)(t, v, start, end, rangeSeconds, evalTime, scalars, i);

    /// <summary>Looks a range function up once, so that the windows of every step and series call it directly.</summary>
    private static FloatWindowFunction FloatWindowOf(string name) => name switch
    {
        "rate" => static (t, v, start, end, range, _, _, _) => ExtrapolatedRate(t, v, start, end, range, isCounter: true, isRate: true),
        "increase" => static (t, v, start, end, range, _, _, _) => ExtrapolatedRate(t, v, start, end, range, isCounter: true, isRate: false),
        "delta" => static (t, v, start, end, range, _, _, _) => ExtrapolatedRate(t, v, start, end, range, isCounter: false, isRate: false),
        "irate" => static (t, v, _, _, _, _, _, _) => InstantValue(t, v, isRate: true),
        "idelta" => static (t, v, _, _, _, _, _, _) => InstantValue(t, v, isRate: false),
        "deriv" => static (t, v, _, _, _, _, _, _) => t.Length < 2 ? null : LinearRegression(t, v, t[0]).Slope,
        "predict_linear" => static (t, v, _, _, _, evalTime, scalars, i) => PredictLinear(t, v, evalTime, scalars[1]!.Values[i]),
        "changes" => static (_, v, _, _, _, _, _, _) => Changes(v),
        "resets" => static (_, v, _, _, _, _, _, _) => Resets(v),
        "avg_over_time" => static (_, v, _, _, _, _, _, _) => AverageOf(v),
        "sum_over_time" => static (_, v, _, _, _, _, _, _) => SumOf(v),
        "count_over_time" => static (_, v, _, _, _, _, _, _) => v.Length,
        "min_over_time" => static (_, v, _, _, _, _, _, _) => MinMax(v, max: false),
        "max_over_time" => static (_, v, _, _, _, _, _, _) => MinMax(v, max: true),
        "stddev_over_time" => static (_, v, _, _, _, _, _, _) => Math.Sqrt(Variance(v)),
        "stdvar_over_time" => static (_, v, _, _, _, _, _, _) => Variance(v),
        "last_over_time" => static (_, v, _, _, _, _, _, _) => v[^1],
        "first_over_time" => static (_, v, _, _, _, _, _, _) => v[0],
        "present_over_time" => static (_, _, _, _, _, _, _, _) => 1,
        "quantile_over_time" => static (_, v, _, _, _, _, scalars, i) => Statistics.Quantile(scalars[0]!.Values[i], v.ToArray()),
        "mad_over_time" => static (_, v, _, _, _, _, _, _) => MedianAbsoluteDeviation(v),
        "ts_of_last_over_time" => static (t, _, _, _, _, _, _, _) => t[^1] / 1000.0,
        "ts_of_first_over_time" => static (t, _, _, _, _, _, _, _) => t[0] / 1000.0,
        "ts_of_min_over_time" => static (t, v, _, _, _, _, _, _) => TimestampOfExtreme(t, v, max: false),
        "ts_of_max_over_time" => static (t, v, _, _, _, _, _, _) => TimestampOfExtreme(t, v, max: true),
        "double_exponential_smoothing" => static (_, v, _, _, _, _, scalars, i) => DoubleExponentialSmoothing(v, scalars[1]!.Values[i], scalars[2]!.Values[i]),
        _ => (_, _, _, _, _, _, _, _) => throw new QueryException(QueryErrorType.BadData, $"function \"{name}\" is not supported"),
    };

    private VectorValue AbsentOverTime(Call call, RangeInput input, Frame frame)
    {
        var output = new StepSeries(AbsentLabels(call.Args[0]), frame.Steps);
        long work = 0;
        for (var i = 0; i < frame.Steps; i++)
        {
            CheckCancellation(ref work, input.Series.Count + 1);
            var end = input.WindowEnds[i];
            var start = end - input.RangeMs;
            var any = false;
            foreach (var s in input.Series)
            {
                var idx = Array.BinarySearch(s.Timestamps, 0, s.Count, start + 1);
                if (idx < 0)
                {
                    idx = ~idx;
                }

                if (idx < s.Count && s.Timestamps[idx] <= end)
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                output.Set(i, 1);
            }
        }

        return new VectorValue(output.IsEmpty ? [] : [output]);
    }

    private static double? ExtrapolatedRate(ReadOnlySpan<long> t, ReadOnlySpan<double> v, long rangeStart, long rangeEnd, double rangeSeconds, bool isCounter, bool isRate)
    {
        if (v.Length < 2)
        {
            return null;
        }

        var n1 = v.Length - 1;
        var firstT = t[0];
        var lastT = t[n1];
        var result = v[n1] - v[0];
        if (isCounter)
        {
            var prev = v[0];
            for (var i = 1; i < v.Length; i++)
            {
                if (v[i] < prev)
                {
                    result += prev;
                }

                prev = v[i];
            }
        }

        var durationToStart = (firstT - rangeStart) / 1000.0;
        var durationToEnd = (rangeEnd - lastT) / 1000.0;
        var sampled = (lastT - firstT) / 1000.0;
        var average = sampled / n1;
        var threshold = average * 1.1;
        if (durationToStart >= threshold)
        {
            durationToStart = average / 2;
        }

        if (isCounter && result > 0 && v[0] >= 0)
        {
            var durationToZero = sampled * (v[0] / result);
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

        return result * factor;
    }

    private static double? InstantValue(ReadOnlySpan<long> t, ReadOnlySpan<double> v, bool isRate)
    {
        if (v.Length < 2)
        {
            return null;
        }

        var last = v[^1];
        var previous = v[^2];
        var interval = t[^1] - t[^2];
        if (interval == 0)
        {
            return null;
        }

        var result = isRate && last < previous ? last : last - previous;
        if (isRate)
        {
            result /= interval / 1000.0;
        }

        return result;
    }

    internal static (double Slope, double Intercept) LinearRegression(ReadOnlySpan<long> t, ReadOnlySpan<double> v, long interceptTime)
    {
        double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        var initY = v[0];
        var constY = true;
        for (var i = 0; i < v.Length; i++)
        {
            if (constY && i > 0 && v[i] != initY)
            {
                constY = false;
            }

            n += 1;
            var x = (t[i] - interceptTime) / 1e3;
            (sumX, cX) = Kahan.Add(x, sumX, cX);
            (sumY, cY) = Kahan.Add(v[i], sumY, cY);
            (sumXY, cXY) = Kahan.Add(x * v[i], sumXY, cXY);
            (sumX2, cX2) = Kahan.Add(x * x, sumX2, cX2);
        }

        if (constY)
        {
            return double.IsInfinity(initY) ? (double.NaN, double.NaN) : (0, initY);
        }

        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        var covXY = sumXY - (sumX * sumY / n);
        var varX = sumX2 - (sumX * sumX / n);
        var slope = covXY / varX;
        var intercept = (sumY / n) - (slope * sumX / n);
        return (slope, intercept);
    }

    private static double? PredictLinear(ReadOnlySpan<long> t, ReadOnlySpan<double> v, long evalTime, double duration)
    {
        if (v.Length < 2)
        {
            return null;
        }

        var (slope, intercept) = LinearRegression(t, v, evalTime);
        return (slope * duration) + intercept;
    }

    private static double Changes(ReadOnlySpan<double> v)
    {
        var changes = 0;
        var prev = v[0];
        for (var i = 1; i < v.Length; i++)
        {
            var current = v[i];
            if (current != prev && !(double.IsNaN(current) && double.IsNaN(prev)))
            {
                changes++;
            }

            prev = current;
        }

        return changes;
    }

    private static double Resets(ReadOnlySpan<double> v)
    {
        var resets = 0;
        var prev = v[0];
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] < prev)
            {
                resets++;
            }

            prev = v[i];
        }

        return resets;
    }

    private static double SumOf(ReadOnlySpan<double> v)
    {
        double sum = 0, c = 0;
        foreach (var x in v)
        {
            (sum, c) = Kahan.Add(x, sum, c);
        }

        return sum + c;
    }

    private static double AverageOf(ReadOnlySpan<double> v)
    {
        var sum = v[0];
        var count = 1.0;
        double mean = 0, c = 0;
        var incremental = false;
        for (var i = 1; i < v.Length; i++)
        {
            count = i + 1;
            if (!incremental)
            {
                var (newSum, newC) = Kahan.Add(v[i], sum, c);
                if (!double.IsInfinity(newSum))
                {
                    sum = newSum;
                    c = newC;
                    continue;
                }

                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }

            var q = (count - 1) / count;
            (mean, c) = Kahan.Add(v[i] / count, q * mean, q * c);
        }

        return incremental ? mean + c : (sum / count) + (c / count);
    }

    private static double MinMax(ReadOnlySpan<double> v, bool max)
    {
        var result = v[0];
        for (var i = 1; i < v.Length; i++)
        {
            var x = v[i];
            if ((max ? x > result : x < result) || double.IsNaN(result))
            {
                result = x;
            }
        }

        return result;
    }

    private static double Variance(ReadOnlySpan<double> v)
    {
        double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
        foreach (var x in v)
        {
            count++;
            var delta = x - (mean + cMean);
            (mean, cMean) = Kahan.Add(delta / count, mean, cMean);
            (aux, cAux) = Kahan.Add(delta * (x - (mean + cMean)), aux, cAux);
        }

        return (aux + cAux) / count;
    }

    private static double MedianAbsoluteDeviation(ReadOnlySpan<double> v)
    {
        var values = v.ToArray();
        if (Array.Exists(values, double.IsNaN))
        {
            return double.NaN;
        }

        var median = Statistics.Quantile(0.5, values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        return Statistics.Quantile(0.5, values);
    }

    private static double TimestampOfExtreme(ReadOnlySpan<long> t, ReadOnlySpan<double> v, bool max)
    {
        var best = v[0];
        var bestT = t[0];
        for (var i = 1; i < v.Length; i++)
        {
            var x = v[i];
            if ((max ? x >= best : x <= best) || double.IsNaN(best))
            {
                best = x;
                bestT = t[i];
            }
        }

        return bestT / 1000.0;
    }

    private static double? DoubleExponentialSmoothing(ReadOnlySpan<double> v, double sf, double tf)
    {
        if (v.Length < 2)
        {
            return null;
        }

        double s0 = 0;
        var s1 = v[0];
        var b = v[1] - v[0];
        for (var i = 1; i < v.Length; i++)
        {
            var x = sf * v[i];
            if (i > 1)
            {
                b = (tf * (s1 - s0)) + ((1 - tf) * b);
            }

            var y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }

        return s1;
    }

    private static bool HasName(Labels labels) => labels.Has(LabelNames.MetricName);
}

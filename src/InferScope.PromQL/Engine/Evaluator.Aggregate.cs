using System.Globalization;
using System.IO.Hashing;
using System.Text;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>Aggregation operators, computed step by step over all groups at once.</summary>
internal sealed partial class Evaluator
{
    private Value EvalAggregate(AggregateExpr a, Frame frame)
    {
        Value? parameter = a.Parameter is null ? null : Eval(a.Parameter, frame);
        var input = (VectorValue)Eval(a.Operand, frame);
        var series = input.Series;
        var groupOf = new int[series.Count];
        var groupLabels = new List<Labels>();
        var groupIndex = new Dictionary<Labels, int>();
        string[] withoutNames = a.Without ? [.. a.Grouping, LabelNames.MetricName] : [];
        string[] byNames = a.Without ? [] : [.. a.Grouping];
        for (var i = 0; i < series.Count; i++)
        {
            var key = a.Without ? series[i].Labels.Without(withoutNames) : series[i].Labels.Keep(byNames);
            if (!groupIndex.TryGetValue(key, out var g))
            {
                g = groupLabels.Count;
                groupIndex.Add(key, g);
                groupLabels.Add(key);
            }

            groupOf[i] = g;
        }

        // With delayed name removal, grouping by __name__ keeps a name that its inputs were due to
        // lose, so the output loses it at the end as well.
        var groupDropsName = new bool[groupLabels.Count];
        if (Delayed && !a.Without && a.Grouping.Contains(LabelNames.MetricName))
        {
            for (var i = 0; i < series.Count; i++)
            {
                groupDropsName[groupOf[i]] |= series[i].DropName;
            }
        }

        var result = a.Op switch
        {
            AggregateOp.TopK or AggregateOp.BottomK or AggregateOp.LimitK => SelectK(a, (ScalarValue)parameter!, series, groupOf, groupLabels.Count, frame),
            AggregateOp.LimitRatio => LimitRatio(a, (ScalarValue)parameter!, series, frame),
            AggregateOp.CountValues => CountValues(((StringValue)parameter!).Text, series, groupOf, groupLabels, frame),
            AggregateOp.Quantile => QuantileAggregate(a, (ScalarValue)parameter!, series, groupOf, groupLabels, frame),
            _ => AggregateFloatsBySeries(a.Op, series, groupOf, groupLabels, frame) ?? SimpleAggregate(a, series, groupOf, groupLabels, frame),
        };
        if (a.Op is not (AggregateOp.TopK or AggregateOp.BottomK or AggregateOp.LimitK or AggregateOp.LimitRatio) && groupDropsName.Any(d => d))
        {
            var dropping = new HashSet<Labels>();
            for (var g = 0; g < groupLabels.Count; g++)
            {
                if (groupDropsName[g])
                {
                    dropping.Add(groupLabels[g]);
                }
            }

            foreach (var output in ((VectorValue)result).Series)
            {
                output.DropName = dropping.Contains(output.Labels) || (a.Op == AggregateOp.CountValues && dropping.Contains(output.Labels.Keep([.. a.Grouping])));
            }
        }

        return result;
    }

    private VectorValue SimpleAggregate(AggregateExpr a, List<StepSeries> series, int[] groupOf, List<Labels> groupLabels, Frame frame)
    {
        var op = a.Op;
        var groups = groupLabels.Count;
        var histogramSum = new FloatHistogram?[groups];
        var histogramCompensation = new FloatHistogram?[groups];
        var histogramCount = new double[groups];
        var histogramFailed = new bool[groups];
        var histogramMembers = new List<FloatHistogram>[groups];
        for (var g = 0; g < groups; g++)
        {
            histogramMembers[g] = [];
        }

        var value = new double[groups];
        var comp = new double[groups];
        var mean = new double[groups];
        var count = new double[groups];
        var incremental = new bool[groups];
        var outputs = new StepSeries?[groups];
        var created = new List<StepSeries>();
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, series.Count + 1);
            Array.Clear(count);
            Array.Clear(histogramSum);
            Array.Clear(histogramCompensation);
            Array.Clear(histogramCount);
            Array.Clear(histogramFailed);
            if (op == AggregateOp.Avg)
            {
                foreach (var members in histogramMembers)
                {
                    members.Clear();
                }
            }

            for (var i = 0; i < series.Count; i++)
            {
                var s = series[i];
                if (!s.Present[step])
                {
                    continue;
                }

                var f = s.Values[step];
                var g = groupOf[i];
                if (s.HistogramAt(step) is { } histogram && op is not (AggregateOp.Count or AggregateOp.Group))
                {
                    if (op is AggregateOp.Sum or AggregateOp.Avg)
                    {
                        histogramCount[g]++;
                        if (op == AggregateOp.Avg)
                        {
                            histogramMembers[g].Add(histogram);
                        }

                        if (!histogramFailed[g])
                        {
                            histogramFailed[g] = !AccumulateHistogram(ref histogramSum[g], ref histogramCompensation[g], histogram, s.Labels.MetricName, a.Operand.Position);
                        }
                    }
                    else
                    {
                        Annotations.Info($"ignored histogram in {AggregateName(op)} aggregation", a.Operand.Position);
                    }

                    continue;
                }

                Accumulate(op, f, g, value, comp, count, mean, incremental);
            }

            for (var g = 0; g < groups; g++)
            {
                if (histogramCount[g] > 0)
                {
                    if (count[g] > 0)
                    {
                        Annotations.Warn("encountered a mix of histograms and floats for aggregation", a.Operand.Position);
                        continue;
                    }

                    if (histogramSum[g] is not { } partial)
                    {
                        continue;
                    }

                    var total = FinishHistogramSum(partial, histogramCompensation[g]);

                    if (outputs[g] is null)
                    {
                        outputs[g] = new StepSeries(groupLabels[g], frame.Steps);
                        created.Add(outputs[g]!);
                    }

                    var histogramResult = op == AggregateOp.Avg ? AverageHistograms(total, histogramMembers[g], groupLabels[g].MetricName, a.Operand.Position) : total;
                    if (histogramResult is not null)
                    {
                        outputs[g]!.SetHistogram(step, histogramResult.Compact());
                    }
                    continue;
                }

                if (count[g] == 0)
                {
                    continue;
                }

                var result = op switch
                {
                    AggregateOp.Sum => value[g] + comp[g],
                    AggregateOp.Avg => incremental[g] ? mean[g] + comp[g] : (value[g] / count[g]) + (comp[g] / count[g]),
                    AggregateOp.Count => count[g],
                    AggregateOp.Stdvar => value[g] / count[g],
                    AggregateOp.Stddev => Math.Sqrt(value[g] / count[g]),
                    _ => value[g],
                };
                if (outputs[g] is null)
                {
                    outputs[g] = new StepSeries(groupLabels[g], frame.Steps);
                    created.Add(outputs[g]!);
                }

                outputs[g]!.Set(step, result);
            }
        }

        return new VectorValue(created);
    }

    private VectorValue QuantileAggregate(AggregateExpr a, ScalarValue parameter, List<StepSeries> series, int[] groupOf, List<Labels> groupLabels, Frame frame)
    {
        var members = new List<double>[groupLabels.Count];
        for (var g = 0; g < members.Length; g++)
        {
            members[g] = [];
        }

        var outputs = new StepSeries?[groupLabels.Count];
        var created = new List<StepSeries>();
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, series.Count + 1);
            foreach (var m in members)
            {
                m.Clear();
            }

            for (var i = 0; i < series.Count; i++)
            {
                if (series[i].HistogramAt(step) is not null)
                {
                    Annotations.Info("ignored histogram in quantile aggregation", a.Operand.Position);
                }
                else if (series[i].Present[step])
                {
                    members[groupOf[i]].Add(series[i].Values[step]);
                }
            }

            var q = parameter.Values[step];
            if (double.IsNaN(q) || q < 0 || q > 1)
            {
                Annotations.Warn($"quantile value should be between 0 and 1, got {GoFloat(q)}", a.Parameter!.Position);
            }

            for (var g = 0; g < members.Length; g++)
            {
                if (members[g].Count == 0)
                {
                    continue;
                }

                if (outputs[g] is null)
                {
                    outputs[g] = new StepSeries(groupLabels[g], frame.Steps);
                    created.Add(outputs[g]!);
                }

                outputs[g]!.Set(step, Statistics.Quantile(q, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members[g])));
            }
        }

        return new VectorValue(created);
    }

    internal static string GoFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var exponent = value == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(value)));
        if (exponent < -4 || exponent >= 21)
        {
            var shortest = value.ToString("R", CultureInfo.InvariantCulture);
            if (shortest.Contains('E', StringComparison.Ordinal))
            {
                var parts = shortest.Split('E');
                var exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
                return $"{parts[0]}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
            }

            return shortest;
        }

        return ExprPrinter.FormatNumber(value);
    }

    private static long ToK(double value)
    {
        if (double.IsNaN(value))
        {
            throw new QueryException(QueryErrorType.Execution, "Parameter value is NaN");
        }

        if (value >= long.MaxValue || value <= long.MinValue)
        {
            throw new QueryException(QueryErrorType.Execution, $"Scalar value {GoFloat(value)} overflows int64");
        }

        return (long)value;
    }

    private VectorValue SelectK(AggregateExpr a, ScalarValue parameter, List<StepSeries> series, int[] groupOf, int groups, Frame frame)
    {
        var collector = new SeriesCollector(frame.Steps);
        var outputs = new StepSeries?[series.Count];
        var members = new List<int>[groups];
        for (var g = 0; g < groups; g++)
        {
            members[g] = [];
        }

        var groupOrder = new List<int>();
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, series.Count + 1);
            var k = ToK(parameter.Values[step]);
            if (k < 1)
            {
                continue;
            }

            foreach (var m in members)
            {
                m.Clear();
            }

            groupOrder.Clear();
            for (var i = 0; i < series.Count; i++)
            {
                if (series[i].HistogramAt(step) is not null && a.Op != AggregateOp.LimitK)
                {
                    Annotations.Info($"ignored histogram in {AggregateName(a.Op)} aggregation", a.Operand.Position);
                    continue;
                }

                if (series[i].Present[step])
                {
                    var g = groupOf[i];
                    if (members[g].Count == 0)
                    {
                        groupOrder.Add(g);
                    }

                    members[g].Add(i);
                }
            }

            foreach (var g in groupOrder)
            {
                var list = members[g];
                if (a.Op == AggregateOp.TopK)
                {
                    var sorted = list.OrderByDescending(i => series[i].Values[step], Comparer<double>.Create(Statistics.CompareNaNFirst)).ToList();
                    list = sorted;
                }
                else if (a.Op == AggregateOp.BottomK)
                {
                    var sorted = list.OrderBy(i => series[i].Values[step], Comparer<double>.Create(CompareNaNLast)).ToList();
                    list = sorted;
                }

                var take = (int)Math.Min(k, list.Count);
                for (var j = 0; j < take; j++)
                {
                    var i = list[j];
                    outputs[i] ??= collector.GetOrAdd(series[i].Labels, series[i].DropName);
                    CopyChecked(outputs[i]!, step, series[i]);
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    private static string AggregateName(AggregateOp op) => op.ToString().ToLowerInvariant();

    private static int CompareNaNLast(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : 1;
        }

        if (double.IsNaN(b))
        {
            return -1;
        }

        return a.CompareTo(b);
    }

    private VectorValue LimitRatio(AggregateExpr a, ScalarValue parameter, List<StepSeries> series, Frame frame)
    {
        var offsets = new double[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            offsets[i] = PrometheusHash(series[i].Labels) / (double)ulong.MaxValue;
        }

        var collector = new SeriesCollector(frame.Steps);
        var outputs = new StepSeries?[series.Count];
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, series.Count + 1);
            var ratio = parameter.Values[step];
            if (double.IsNaN(ratio))
            {
                throw new QueryException(QueryErrorType.Execution, "Ratio value is NaN");
            }

            if (ratio < -1 || ratio > 1)
            {
                Annotations.Warn($"ratio value should be between -1 and 1, got {GoFloat(ratio)}", a.Parameter!.Position);
                ratio = Math.Clamp(ratio, -1, 1);
            }

            for (var i = 0; i < series.Count; i++)
            {
                if (!series[i].Present[step])
                {
                    continue;
                }

                var keep = (ratio >= 0 && offsets[i] < ratio) || (ratio < 0 && offsets[i] >= 1.0 + ratio);
                if (keep)
                {
                    outputs[i] ??= collector.GetOrAdd(series[i].Labels, series[i].DropName);
                    CopyChecked(outputs[i]!, step, series[i]);
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    /// <summary>The 64-bit xxHash of a label set laid out as Prometheus hashes it, so sampling by ratio picks the same series.</summary>
    private static ulong PrometheusHash(Labels labels)
    {
        var hasher = new XxHash64();
        Span<byte> separator = [0xff];
        foreach (var label in labels)
        {
            hasher.Append(Encoding.UTF8.GetBytes(label.Name));
            hasher.Append(separator);
            hasher.Append(Encoding.UTF8.GetBytes(label.Value));
            hasher.Append(separator);
        }

        return hasher.GetCurrentHashAsUInt64();
    }

    private VectorValue CountValues(string label, List<StepSeries> series, int[] groupOf, List<Labels> groupLabels, Frame frame)
    {
        if (label.Length == 0 || !IsValidLabelName(label))
        {
            throw new QueryException(QueryErrorType.Execution, $"invalid label name \"{EscapeInvalidBytes(label)}\"");
        }

        var collector = new SeriesCollector(frame.Steps);
        var counts = new Dictionary<Labels, double>();
        var order = new List<Labels>();
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, series.Count + 1);
            counts.Clear();
            order.Clear();
            for (var i = 0; i < series.Count; i++)
            {
                if (!series[i].Present[step])
                {
                    continue;
                }

                var text = series[i].HistogramAt(step) is { } histogram ? histogram.ToString() : ExprPrinter.FormatNumber(series[i].Values[step]);
                var key = new LabelsBuilder(groupLabels[groupOf[i]]).Set(label, text).Build();
                if (counts.TryGetValue(key, out var c))
                {
                    counts[key] = c + 1;
                }
                else
                {
                    counts[key] = 1;
                    order.Add(key);
                }
            }

            foreach (var key in order)
            {
                // Each distinct value adds a series over every step, so a range query over changing
                // values grows as series times steps, and each new series is charged as it appears.
                var seriesBefore = collector.Series.Count;
                collector.Add(key, false, step, counts[key]);
                if (collector.Series.Count > seriesBefore)
                {
                    CountSamples(frame.Steps);
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    /// <summary>Shows bytes of invalid UTF-8 kept by the lexer as <c>\xNN</c>, the way Go quotes them.</summary>
    private static string EscapeInvalidBytes(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= '\uDC80' and <= '\uDCFF')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{c - 0xDC00:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    internal static bool IsValidLabelName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c == '\uFFFD' || char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}

using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>Binary operators: scalar arithmetic, vector matching and the set operators.</summary>
internal sealed partial class Evaluator
{
    private Value EvalBinary(BinaryExpr b, Frame frame)
    {
        var left = Eval(b.Left, frame);
        var right = Eval(b.Right, frame);
        if (left is ScalarValue ls && right is ScalarValue rs)
        {
            var values = new double[frame.Steps];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = b.IsComparison ? (Compare(b.Op, ls.Values[i], rs.Values[i]) ? 1 : 0) : ScalarArithmetic(b.Op, ls.Values[i], rs.Values[i]);
            }

            return new ScalarValue(values);
        }

        if (left is VectorValue lv && right is VectorValue rv)
        {
            return b.Op switch
            {
                BinaryOp.And => SetAnd(lv, rv, b.Matching!, frame, unless: false),
                BinaryOp.Unless => SetAnd(lv, rv, b.Matching!, frame, unless: true),
                BinaryOp.Or => SetOr(lv, rv, b.Matching!, frame),
                _ => VectorVector(b, lv, rv, frame),
            };
        }

        if (left is VectorValue vector && right is ScalarValue scalar)
        {
            return VectorScalar(b, vector, scalar, frame, scalarOnLeft: false);
        }

        return VectorScalar(b, (VectorValue)right, (ScalarValue)left, frame, scalarOnLeft: true);
    }

    internal static double ScalarArithmetic(BinaryOp op, double l, double r) => op switch
    {
        BinaryOp.Add => l + r,
        BinaryOp.Sub => l - r,
        BinaryOp.Mul => l * r,
        BinaryOp.Div => l / r,
        BinaryOp.Mod => l % r,
        BinaryOp.Pow => Math.Pow(l, r),
        BinaryOp.Atan2 => Math.Atan2(l, r),
        _ => throw new QueryException(QueryErrorType.Internal, $"operator {op} is not arithmetic"),
    };

    private static bool Compare(BinaryOp op, double l, double r) => op switch
    {
        BinaryOp.Eql => l == r,
        BinaryOp.Neq => l != r,
        BinaryOp.Lss => l < r,
        BinaryOp.Lte => l <= r,
        BinaryOp.Gtr => l > r,
        BinaryOp.Gte => l >= r,
        _ => false,
    };

    private VectorValue VectorScalar(BinaryExpr b, VectorValue vector, ScalarValue scalar, Frame frame, bool scalarOnLeft)
    {
        var collector = new SeriesCollector(frame.Steps);
        var comparison = b.IsComparison;
        foreach (var s in vector.Series)
        {
            Labels labels;
            bool drop;
            if ((!comparison && !b.IsTrim) || b.ReturnBool)
            {
                (labels, drop) = DropNameOf(s.Labels);
            }
            else
            {
                (labels, drop) = (s.Labels, s.DropName);
            }

            StepSeries? output = null;
            for (var i = 0; i < frame.Steps; i++)
            {
                if (!s.Present[i])
                {
                    continue;
                }

                var l = scalarOnLeft ? scalar.Values[i] : s.Values[i];
                var r = scalarOnLeft ? s.Values[i] : scalar.Values[i];
                double value;
                if (s.HistogramAt(i) is { } sampleHistogram)
                {
                    if (!HistogramBinary(b, l, scalarOnLeft ? null : sampleHistogram, r, scalarOnLeft ? sampleHistogram : null, out value, out var histogramResult, out var keepPair))
                    {
                        continue;
                    }

                    output ??= collector.GetOrAdd(labels, drop);
                    if (comparison && b.ReturnBool)
                    {
                        SetChecked(output, i, keepPair ? 1 : 0);
                    }
                    else if (keepPair)
                    {
                        SetHistogramChecked(output, i, comparison ? sampleHistogram : histogramResult!);
                    }

                    continue;
                }

                if (b.IsTrim)
                {
                    HistogramBinary(b, l, null, r, null, out _, out _, out _);
                    continue;
                }

                if (comparison)
                {
                    var keep = Compare(b.Op, l, r);
                    if (b.ReturnBool)
                    {
                        value = keep ? 1 : 0;
                    }
                    else if (!keep)
                    {
                        continue;
                    }
                    else
                    {
                        value = s.Values[i];
                    }
                }
                else
                {
                    value = ScalarArithmetic(b.Op, l, r);
                }

                output ??= collector.GetOrAdd(labels, drop);
                SetChecked(output, i, value);
            }
        }

        return new VectorValue(collector.Series);
    }

    private static Labels Signature(Labels labels, VectorMatching matching)
    {
        if (matching.On)
        {
            return labels.Keep([.. matching.MatchingLabels]);
        }

        return labels.Without([.. matching.MatchingLabels, LabelNames.MetricName]);
    }

    private static Dictionary<Labels, int> GroupIds(List<StepSeries> series, VectorMatching matching, out int[] ids, out List<Labels> signatures)
    {
        var map = new Dictionary<Labels, int>();
        signatures = [];
        ids = new int[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var sig = Signature(series[i].Labels, matching);
            if (!map.TryGetValue(sig, out var id))
            {
                id = map.Count;
                map.Add(sig, id);
                signatures.Add(sig);
            }

            ids[i] = id;
        }

        return map;
    }

    private VectorValue SetAnd(VectorValue left, VectorValue right, VectorMatching matching, Frame frame, bool unless)
    {
        var rightMap = GroupIds(right.Series, matching, out var rightIds, out _);
        var leftGroups = new int[left.Series.Count];
        for (var i = 0; i < left.Series.Count; i++)
        {
            leftGroups[i] = rightMap.TryGetValue(Signature(left.Series[i].Labels, matching), out var id) ? id : -1;
        }

        var groupPresent = new bool[rightMap.Count];
        var collector = new SeriesCollector(frame.Steps);
        var outputs = new StepSeries?[left.Series.Count];
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, left.Series.Count + right.Series.Count + 1);
            Array.Clear(groupPresent);
            for (var r = 0; r < right.Series.Count; r++)
            {
                if (right.Series[r].Present[step])
                {
                    groupPresent[rightIds[r]] = true;
                }
            }

            for (var l = 0; l < left.Series.Count; l++)
            {
                var s = left.Series[l];
                if (!s.Present[step])
                {
                    continue;
                }

                var matched = leftGroups[l] >= 0 && groupPresent[leftGroups[l]];
                if (matched == unless)
                {
                    continue;
                }

                outputs[l] ??= collector.GetOrAdd(s.Labels, s.DropName);
                CopyChecked(outputs[l]!, step, s);
            }
        }

        return new VectorValue(collector.Series);
    }

    private VectorValue SetOr(VectorValue left, VectorValue right, VectorMatching matching, Frame frame)
    {
        var leftMap = GroupIds(left.Series, matching, out var leftIds, out _);
        var rightGroups = new int[right.Series.Count];
        for (var i = 0; i < right.Series.Count; i++)
        {
            rightGroups[i] = leftMap.TryGetValue(Signature(right.Series[i].Labels, matching), out var id) ? id : -1;
        }

        var groupPresent = new bool[leftMap.Count];
        var collector = new SeriesCollector(frame.Steps);
        var leftOut = new StepSeries?[left.Series.Count];
        var rightOut = new StepSeries?[right.Series.Count];
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, left.Series.Count + right.Series.Count + 1);
            Array.Clear(groupPresent);
            for (var l = 0; l < left.Series.Count; l++)
            {
                var s = left.Series[l];
                if (s.Present[step])
                {
                    groupPresent[leftIds[l]] = true;
                    leftOut[l] ??= collector.GetOrAdd(s.Labels, s.DropName);
                    CopyChecked(leftOut[l]!, step, s);
                }
            }

            for (var r = 0; r < right.Series.Count; r++)
            {
                var s = right.Series[r];
                if (!s.Present[step] || (rightGroups[r] >= 0 && groupPresent[rightGroups[r]]))
                {
                    continue;
                }

                rightOut[r] ??= collector.GetOrAdd(s.Labels, s.DropName);
                CopyChecked(rightOut[r]!, step, s);
            }
        }

        return new VectorValue(collector.Series);
    }

    private VectorValue VectorVector(BinaryExpr b, VectorValue leftValue, VectorValue rightValue, Frame frame)
    {
        var matching = b.Matching!;
        var swap = matching.Cardinality == MatchCardinality.OneToMany;
        var many = swap ? rightValue.Series : leftValue.Series;
        var one = swap ? leftValue.Series : rightValue.Series;
        var oneMap = GroupIds(one, matching, out var oneIds, out var oneSigs);
        var manyGroups = new int[many.Count];
        for (var i = 0; i < many.Count; i++)
        {
            manyGroups[i] = oneMap.TryGetValue(Signature(many[i].Labels, matching), out var id) ? id : -1;
        }

        var groupSeries = new int[oneMap.Count];
        var groupUsed = new int[oneMap.Count];
        var collector = new SeriesCollector(frame.Steps);
        var pairOutputs = new Dictionary<(int, int), StepSeries>();
        var insertedThisStep = new Dictionary<Labels, int>();
        var comparison = b.IsComparison;
        var hand = swap ? "left" : "right";
        long work = 0;
        for (var step = 0; step < frame.Steps; step++)
        {
            CheckCancellation(ref work, many.Count + one.Count + 1);
            Array.Fill(groupSeries, -1);
            for (var o = 0; o < one.Count; o++)
            {
                if (!one[o].Present[step])
                {
                    continue;
                }

                var g = oneIds[o];
                if (groupSeries[g] >= 0)
                {
                    var first = one[groupSeries[g]].Labels;
                    var second = one[o].Labels;
                    throw new QueryException(
                        QueryErrorType.Execution,
                        $"found duplicate series for the match group {FormatLabelSet(oneSigs[g])} on the {hand} hand-side of the operation: [{FormatLabelSet(first)}, {FormatLabelSet(second)}];many-to-many matching not allowed: matching labels must be unique on one side");
                }

                groupSeries[g] = o;
            }

            Array.Fill(groupUsed, -1);
            insertedThisStep.Clear();
            for (var m = 0; m < many.Count; m++)
            {
                var ms = many[m];
                if (!ms.Present[step] || manyGroups[m] < 0)
                {
                    continue;
                }

                var g = manyGroups[m];
                var o = groupSeries[g];
                if (o < 0)
                {
                    continue;
                }

                if (matching.Cardinality == MatchCardinality.OneToOne)
                {
                    if (groupUsed[g] >= 0)
                    {
                        throw new QueryException(QueryErrorType.Execution, "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }

                    groupUsed[g] = m;
                }

                var os = one[o];
                var lv = swap ? os.Values[step] : ms.Values[step];
                var rv = swap ? ms.Values[step] : os.Values[step];
                var lh = swap ? os.HistogramAt(step) : ms.HistogramAt(step);
                var rh = swap ? ms.HistogramAt(step) : os.HistogramAt(step);
                double value;
                FloatHistogram? histogramValue = null;
                if (lh is not null || rh is not null)
                {
                    if (!HistogramBinary(b, lv, lh, rv, rh, out value, out histogramValue, out var keepPair))
                    {
                        continue;
                    }

                    if (comparison && b.ReturnBool)
                    {
                        value = keepPair ? 1 : 0;
                        histogramValue = null;
                    }
                    else if (!keepPair)
                    {
                        continue;
                    }
                }
                else if (b.IsTrim)
                {
                    HistogramBinary(b, lv, null, rv, null, out _, out _, out _);
                    continue;
                }
                else if (comparison)
                {
                    var keep = Compare(b.Op, lv, rv);
                    if (b.ReturnBool)
                    {
                        value = keep ? 1 : 0;
                    }
                    else if (!keep)
                    {
                        continue;
                    }
                    else
                    {
                        value = lv;
                    }
                }
                else
                {
                    value = ScalarArithmetic(b.Op, lv, rv);
                }

                if (!pairOutputs.TryGetValue((m, o), out var output))
                {
                    // Matching a series with a different partner at each step can make an output
                    // series per pair, far more than either side holds, so each one is charged.
                    var (labels, drop) = ResultLabels(b, matching, ms, os);
                    var seriesBefore = collector.Series.Count;
                    output = collector.GetOrAdd(labels, drop);
                    if (collector.Series.Count > seriesBefore)
                    {
                        CountSamples(frame.Steps);
                    }

                    pairOutputs.Add((m, o), output);
                }

                if (matching.Cardinality != MatchCardinality.OneToOne)
                {
                    if (!insertedThisStep.TryAdd(output.Labels, m))
                    {
                        throw new QueryException(QueryErrorType.Execution, "multiple matches for labels: grouping labels must ensure unique matches");
                    }
                }

                if (histogramValue is not null)
                {
                    SetHistogramChecked(output, step, histogramValue);
                }
                else
                {
                    SetChecked(output, step, value);
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    private (Labels Labels, bool DropName) ResultLabels(BinaryExpr b, VectorMatching matching, StepSeries manySide, StepSeries oneSide)
    {
        var changesName = (!b.IsComparison && !b.IsTrim) || b.ReturnBool;
        var builder = new LabelsBuilder(manySide.Labels);
        if (changesName && !Delayed)
        {
            builder.Delete(LabelNames.MetricName);
        }

        if (matching.Cardinality == MatchCardinality.OneToOne)
        {
            if (matching.On)
            {
                foreach (var label in manySide.Labels)
                {
                    if (!matching.MatchingLabels.Contains(label.Name))
                    {
                        builder.Delete(label.Name);
                    }
                }
            }
            else
            {
                foreach (var name in matching.MatchingLabels)
                {
                    builder.Delete(name);
                }
            }
        }

        foreach (var name in matching.Include)
        {
            var v = oneSide.Labels.Get(name);
            if (!string.IsNullOrEmpty(v))
            {
                builder.Set(name, v);
            }
            else
            {
                builder.Delete(name);
            }
        }

        var drop = changesName ? Delayed : manySide.DropName;
        if (!changesName && Delayed)
        {
            drop = manySide.DropName;
        }

        return (builder.Build(), drop || (Delayed && changesName));
    }

    private static string FormatLabelSet(Labels labels)
    {
        var parts = labels.Select(l => $"{l.Name}=\"{LabelText.EscapeValue(l.Value)}\"");
        return "{" + string.Join(", ", parts) + "}";
    }
}

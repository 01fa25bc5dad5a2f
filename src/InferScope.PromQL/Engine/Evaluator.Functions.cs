using System.Text;
using System.Text.RegularExpressions;
using InferScope.Model;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>Functions over instant vectors and scalars.</summary>
internal sealed partial class Evaluator
{
    private Value EvalCall(Call call, Frame frame)
    {
        var name = call.Function.Name;
        if (call.Args.Any(arg => arg.Kind == ValueKind.Matrix))
        {
            return EvalRangeFunction(call, frame);
        }

        switch (name)
        {
            case "time":
                return ScalarOf(frame, i => frame.Time(i) / 1000.0);
            case "pi":
                return ScalarOf(frame, _ => Math.PI);
            case "start":
                return ScalarOf(frame, _ => queryStartMs / 1000.0);
            case "end":
                return ScalarOf(frame, _ => queryEndMs / 1000.0);
            case "range":
                return ScalarOf(frame, _ => (queryEndMs - queryStartMs) / 1000.0);
            case "step":
                return ScalarOf(frame, _ => queryIntervalMs / 1000.0);
            case "min_of" or "max_of":
                {
                    var l = (ScalarValue)Eval(call.Args[0], frame);
                    var r = (ScalarValue)Eval(call.Args[1], frame);
                    return ScalarOf(frame, i => name == "min_of" ? Math.Min(l.Values[i], r.Values[i]) : Math.Max(l.Values[i], r.Values[i]));
                }

            case "vector":
                {
                    var s = (ScalarValue)Eval(call.Args[0], frame);
                    var output = new StepSeries(Labels.Empty, frame.Steps);
                    for (var i = 0; i < frame.Steps; i++)
                    {
                        output.Set(i, s.Values[i]);
                    }

                    return new VectorValue([output]);
                }

            case "scalar":
                {
                    var v = (VectorValue)Eval(call.Args[0], frame);
                    return ScalarOf(frame, i =>
                    {
                        var found = double.NaN;
                        var n = 0;
                        foreach (var s in v.Series)
                        {
                            if (s.HasFloat(i))
                            {
                                found = s.Values[i];
                                n++;
                            }
                        }

                        return n == 1 ? found : double.NaN;
                    });
                }

            case "timestamp":
                return Timestamp(call, frame);
            case "absent":
                return Absent(call, frame);
            case "sort" or "sort_desc":
                {
                    var v = (VectorValue)Eval(call.Args[0], frame);
                    if (frame.Steps == 1)
                    {
                        var desc = name == "sort_desc";
                        var sorted = v.Series.Where(s => s.HasFloat(0)).OrderBy(s => s.Values[0], Comparer<double>.Create((a, b) => desc ? SortDescCompare(a, b) : CompareNaNLast(a, b))).ToList();
                        return new VectorValue(sorted);
                    }

                    Annotations.Warn("sort is ineffective for range queries since results are always ordered by labels", call.Position);
                    return v;
                }

            case "sort_by_label" or "sort_by_label_desc":
                if (frame.Steps > 1)
                {
                    Annotations.Warn("sort is ineffective for range queries since results are always ordered by labels", call.Position);
                }

                return SortByLabel(call, frame);
            case "label_replace":
                return LabelReplace(call, frame);
            case "label_join":
                return LabelJoin(call, frame);
            case "histogram_quantile":
                return HistogramQuantile(call, frame);
            case "histogram_fraction":
                return HistogramFraction(call, frame);
            case "histogram_count" or "histogram_sum" or "histogram_avg" or "histogram_stddev" or "histogram_stdvar":
                return HistogramProperty(call, frame);
            case "histogram_quantiles":
                return HistogramQuantiles(call, frame);
            default:
                return EvalElementwise(call, frame);
        }
    }

    /// <summary>Reads one number from each native histogram sample; float samples are ignored.</summary>
    private VectorValue HistogramProperty(Call call, Frame frame)
    {
        var input = (VectorValue)Eval(call.Args[0], frame);
        Func<Model.Histograms.FloatHistogram, double> property = call.Function.Name switch
        {
            "histogram_count" => h => h.Count,
            "histogram_sum" => h => h.Sum,
            "histogram_avg" => h => h.Sum / h.Count,
            "histogram_stddev" => h => Math.Sqrt(NativeHistogramMath.Variance(h)),
            _ => NativeHistogramMath.Variance,
        };
        var collector = new SeriesCollector(frame.Steps);
        foreach (var s in input.Series)
        {
            if (s.Histograms is null)
            {
                continue;
            }

            var (labels, drop) = DropNameOf(s.Labels);
            StepSeries? output = null;
            for (var i = 0; i < frame.Steps; i++)
            {
                if (s.HistogramAt(i) is { } histogram)
                {
                    output ??= collector.GetOrAdd(labels, drop || s.DropName);
                    SetChecked(output, i, property(histogram));
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    private static int SortDescCompare(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : 1;
        }

        if (double.IsNaN(b))
        {
            return -1;
        }

        return b.CompareTo(a);
    }

    private static ScalarValue ScalarOf(Frame frame, Func<int, double> valueAt)
    {
        var values = new double[frame.Steps];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = valueAt(i);
        }

        return new ScalarValue(values);
    }

    private VectorValue EvalElementwise(Call call, Frame frame)
    {
        var name = call.Function.Name;
        VectorValue input;
        if (call.Args.Count == 0)
        {
            var t = new StepSeries(Labels.Empty, frame.Steps);
            for (var i = 0; i < frame.Steps; i++)
            {
                t.Set(i, frame.Time(i) / 1000.0);
            }

            input = new VectorValue([t]);
        }
        else
        {
            input = (VectorValue)Eval(call.Args[0], frame);
        }

        var extra = new ScalarValue[call.Args.Count > 1 ? call.Args.Count - 1 : 0];
        for (var a = 1; a < call.Args.Count; a++)
        {
            extra[a - 1] = (ScalarValue)Eval(call.Args[a], frame);
        }

        Func<double, int, double?> f = name switch
        {
            "abs" => (x, _) => Math.Abs(x),
            "ceil" => (x, _) => Math.Ceiling(x),
            "floor" => (x, _) => Math.Floor(x),
            "exp" => (x, _) => Math.Exp(x),
            "sqrt" => (x, _) => Math.Sqrt(x),
            "ln" => (x, _) => Math.Log(x),
            "log2" => (x, _) => Math.Log2(x),
            "log10" => (x, _) => Math.Log10(x),
            "sgn" => (x, _) => x < 0 ? -1 : x > 0 ? 1 : x,
            "acos" => (x, _) => Math.Acos(x),
            "acosh" => (x, _) => Math.Acosh(x),
            "asin" => (x, _) => Math.Asin(x),
            "asinh" => (x, _) => Math.Asinh(x),
            "atan" => (x, _) => Math.Atan(x),
            "atanh" => (x, _) => Math.Atanh(x),
            "cos" => (x, _) => Math.Cos(x),
            "cosh" => (x, _) => Math.Cosh(x),
            "sin" => (x, _) => Math.Sin(x),
            "sinh" => (x, _) => Math.Sinh(x),
            "tan" => (x, _) => Math.Tan(x),
            "tanh" => (x, _) => Math.Tanh(x),
            "deg" => (x, _) => x * 180 / Math.PI,
            "rad" => (x, _) => x * Math.PI / 180,
            "round" => (x, i) =>
            {
                var inverse = 1.0 / (extra.Length > 0 ? extra[0].Values[i] : 1.0);
                return Math.Floor((x * inverse) + 0.5) / inverse;
            }
            ,
            "clamp" => (x, i) =>
            {
                var min = extra[0].Values[i];
                var max = extra[1].Values[i];
                return max < min ? null : Math.Max(min, Math.Min(max, x));
            }
            ,
            "clamp_min" => (x, i) => Math.Max(extra[0].Values[i], x),
            "clamp_max" => (x, i) => Math.Min(extra[0].Values[i], x),
            "day_of_month" => (x, _) => Calendar(x, d => d.Day),
            "day_of_week" => (x, _) => Calendar(x, d => (int)d.DayOfWeek),
            "day_of_year" => (x, _) => Calendar(x, d => d.DayOfYear),
            "days_in_month" => (x, _) => Calendar(x, d => DateTime.DaysInMonth(d.Year, d.Month)),
            "hour" => (x, _) => Calendar(x, d => d.Hour),
            "minute" => (x, _) => Calendar(x, d => d.Minute),
            "month" => (x, _) => Calendar(x, d => d.Month),
            "year" => (x, _) => Calendar(x, d => d.Year),
            _ => throw new QueryException(QueryErrorType.BadData, $"function \"{name}\" is not supported"),
        };

        var collector = new SeriesCollector(frame.Steps);
        foreach (var s in input.Series)
        {
            var (labels, drop) = DropNameOf(s.Labels);
            StepSeries? output = null;
            for (var i = 0; i < frame.Steps; i++)
            {
                if (!s.HasFloat(i))
                {
                    continue;
                }

                var value = f(s.Values[i], i);
                if (value is null)
                {
                    continue;
                }

                output ??= collector.GetOrAdd(labels, drop);
                SetChecked(output, i, value.Value);
            }
        }

        return new VectorValue(collector.Series);
    }

    private static double Calendar(double seconds, Func<DateTime, int> part)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            return double.NaN;
        }

        var clamped = Math.Clamp(seconds, -62135596800.0, 253402300799.0);
        var date = DateTime.UnixEpoch.AddSeconds(Math.Floor(clamped));
        return part(date);
    }

    private VectorValue Timestamp(Call call, Frame frame)
    {
        var arg = call.Args[0];
        while (arg is ParenExpr p)
        {
            arg = p.Inner;
        }

        List<StepSeries> source;
        if (arg is VectorSelector selector)
        {
            source = EvalVectorSelector(selector, frame, timestamps: true);
        }
        else
        {
            var v = (VectorValue)Eval(arg, frame);
            source = v.Series;
            foreach (var s in source)
            {
                for (var i = 0; i < frame.Steps; i++)
                {
                    if (s.Present[i])
                    {
                        s.Set(i, frame.Time(i) / 1000.0);
                    }
                }
            }
        }

        var collector = new SeriesCollector(frame.Steps);
        foreach (var s in source)
        {
            var (labels, drop) = DropNameOf(s.Labels);
            var output = collector.GetOrAdd(labels, drop);
            for (var i = 0; i < frame.Steps; i++)
            {
                if (s.Present[i])
                {
                    SetChecked(output, i, s.Values[i]);
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    private static Labels AbsentLabels(Expr arg)
    {
        while (arg is ParenExpr p)
        {
            arg = p.Inner;
        }

        IReadOnlyList<Matcher> matchers = arg switch
        {
            VectorSelector v => v.Matchers,
            MatrixSelector m => m.Selector.Matchers,
            _ => [],
        };
        var builder = new LabelsBuilder();
        var seen = new Dictionary<string, int>();
        foreach (var m in matchers)
        {
            if (m.Name == LabelNames.MetricName)
            {
                continue;
            }

            seen[m.Name] = seen.GetValueOrDefault(m.Name) + 1;
        }

        foreach (var m in matchers)
        {
            if (m.Type == InferScope.Model.MatchType.Equal && m.Name != LabelNames.MetricName && seen[m.Name] == 1)
            {
                builder.Set(m.Name, m.Value);
            }
        }

        return builder.Build();
    }

    private VectorValue Absent(Call call, Frame frame)
    {
        var v = (VectorValue)Eval(call.Args[0], frame);
        var output = new StepSeries(AbsentLabels(call.Args[0]), frame.Steps);
        for (var i = 0; i < frame.Steps; i++)
        {
            if (!v.Series.Any(s => s.Present[i]))
            {
                output.Set(i, 1);
            }
        }

        return new VectorValue(output.IsEmpty ? [] : [output]);
    }

    private VectorValue SortByLabel(Call call, Frame frame)
    {
        var v = (VectorValue)Eval(call.Args[0], frame);
        var labels = call.Args.Skip(1).Select(a => ((StringValue)Eval(a, frame)).Text).ToList();
        var desc = call.Function.Name == "sort_by_label_desc";
        var sorted = v.Series.ToList();
        sorted.Sort((a, b) =>
        {
            foreach (var label in labels)
            {
                var c = NaturalCompare(a.Labels.Get(label) ?? string.Empty, b.Labels.Get(label) ?? string.Empty);
                if (c != 0)
                {
                    return desc ? -c : c;
                }
            }

            var full = Labels.Compare(a.Labels, b.Labels);
            return desc ? -full : full;
        });
        return new VectorValue(sorted);
    }

    /// <summary>Compares strings so that runs of digits compare by numeric value: "a2" before "a10".</summary>
    internal static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var si = i;
                var sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var na = a[si..i].TrimStart('0');
                var nb = b[sj..j].TrimStart('0');
                if (na.Length != nb.Length)
                {
                    return na.Length.CompareTo(nb.Length);
                }

                var c = string.CompareOrdinal(na, nb);
                if (c != 0)
                {
                    return c;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return a[i].CompareTo(b[j]);
            }

            i++;
            j++;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private VectorValue LabelReplace(Call call, Frame frame)
    {
        var v = (VectorValue)Eval(call.Args[0], frame);
        var dst = ((StringValue)Eval(call.Args[1], frame)).Text;
        var replacement = ((StringValue)Eval(call.Args[2], frame)).Text;
        var src = ((StringValue)Eval(call.Args[3], frame)).Text;
        var pattern = ((StringValue)Eval(call.Args[4], frame)).Text;
        if (pattern.Length > Matcher.MaxRegexLength)
        {
            throw new QueryException(QueryErrorType.BadData, $"regular expression in label_replace() is {pattern.Length} characters long, over the limit of {Matcher.MaxRegexLength}");
        }

        Regex regex;
        try
        {
            // The non-backtracking engine runs in time linear in the label value, as Go's RE2 does,
            // so a pattern such as (a*)*b cannot stall the query on a long value.
            regex = new Regex("^(?s:" + Re2Syntax.ToDotNet(pattern) + ")$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new QueryException(QueryErrorType.BadData, $"invalid regular expression in label_replace(): {pattern}: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw new QueryException(QueryErrorType.BadData, $"unsupported regular expression in label_replace(): {pattern}: {e.Message}");
        }

        if (!IsValidLabelName(dst))
        {
            throw new QueryException(QueryErrorType.BadData, $"invalid destination label name in label_replace(): {dst}");
        }

        var collector = new SeriesCollector(frame.Steps);
        foreach (var s in v.Series)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var labels = s.Labels;
            var match = regex.Match(labels.Get(src) ?? string.Empty);
            if (match.Success)
            {
                var value = ExpandTemplate(regex, match, replacement, LabelTextAllowance());
                CountLabelText(value.Length);
                labels = new LabelsBuilder(labels).Set(dst, value).Build();
            }

            var drop = s.DropName && !(dst == LabelNames.MetricName && match.Success);
            CopyInto(collector, s, labels, drop, frame);
        }

        return new VectorValue(collector.Series);
    }

    private static void CopyInto(SeriesCollector collector, StepSeries s, Labels labels, bool drop, Frame frame)
    {
        var output = collector.GetOrAdd(labels, drop);
        for (var i = 0; i < frame.Steps; i++)
        {
            if (s.Present[i])
            {
                CopyChecked(output, i, s);
            }
        }
    }

    /// <summary>Expands <c>$1</c>, <c>${1}</c>, <c>$name</c> and <c>$$</c> the way Go's regexp does.</summary>
    /// <exception cref="QueryException">The expansion grows past <paramref name="maxLength"/> characters.</exception>
    // NOTE: .NET numbers named groups after the unnamed ones, where RE2 numbers every group from the
    // left, so in (?P<a>x)(y) the group $1 is y here but x in Prometheus.
    private static string ExpandTemplate(Regex regex, Match match, string template, int maxLength)
    {
        var builder = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            // A template that repeats a long group could expand past memory before the result is charged.
            if (builder.Length > maxLength)
            {
                throw TooManySamples();
            }

            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                builder.Append(c);
                i++;
                continue;
            }

            if (template[i + 1] == '$')
            {
                builder.Append('$');
                i += 2;
                continue;
            }

            string name;
            var start = i + 1;
            if (template[start] == '{')
            {
                var close = template.IndexOf('}', start);
                if (close < 0)
                {
                    builder.Append(c);
                    i++;
                    continue;
                }

                name = template[(start + 1)..close];
                i = close + 1;
            }
            else
            {
                var end = start;
                while (end < template.Length && (char.IsAsciiLetterOrDigit(template[end]) || template[end] == '_'))
                {
                    end++;
                }

                if (end == start)
                {
                    builder.Append(c);
                    i++;
                    continue;
                }

                name = template[start..end];
                i = end;
            }

            var group = int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? (number < regex.GetGroupNumbers().Length ? match.Groups[number] : null)
                : (regex.GroupNumberFromName(name) >= 0 ? match.Groups[name] : null);
            if (group is { Success: true })
            {
                builder.Append(group.Value);
            }
        }

        return builder.ToString();
    }

    private VectorValue LabelJoin(Call call, Frame frame)
    {
        var v = (VectorValue)Eval(call.Args[0], frame);
        var dst = ((StringValue)Eval(call.Args[1], frame)).Text;
        var separator = ((StringValue)Eval(call.Args[2], frame)).Text;
        var sources = call.Args.Skip(3).Select(a => ((StringValue)Eval(a, frame)).Text).ToList();
        if (!IsValidLabelName(dst))
        {
            throw new QueryException(QueryErrorType.BadData, $"invalid destination label name in label_join(): {dst}");
        }

        foreach (var src in sources)
        {
            if (!IsValidLabelName(src))
            {
                throw new QueryException(QueryErrorType.BadData, $"invalid source label name in label_join(): {src}");
            }
        }

        var collector = new SeriesCollector(frame.Steps);
        foreach (var s in v.Series)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The length is charged before the join, which could otherwise outgrow memory.
            var length = (long)separator.Length * Math.Max(0, sources.Count - 1);
            foreach (var src in sources)
            {
                length += s.Labels.Get(src)?.Length ?? 0;
            }

            CountLabelText(length);
            var joined = string.Join(separator, sources.Select(src => s.Labels.Get(src) ?? string.Empty));
            var labels = new LabelsBuilder(s.Labels).Set(dst, joined).Build();
            var drop = s.DropName && dst != LabelNames.MetricName;
            CopyInto(collector, s, labels, drop, frame);
        }

        return new VectorValue(collector.Series);
    }
}

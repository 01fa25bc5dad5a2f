using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;
using InferScope.PromQL.Syntax;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.PromQL.Engine;

/// <summary>
/// Evaluates a parsed query over a frame of steps. Every node yields its value at all steps at
/// once: selectors read each series once and sweep it across the steps, and operators and
/// aggregations work step by step over whole columns, so a range query costs little more than an
/// instant query over the same data.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>How many samples or series-steps a loop handles between two cancellation checks.</summary>
    private const long CancellationCheckWork = 1 << 16;

    private readonly IQueryable storage;
    private readonly QueryEngineOptions options;
    private readonly CancellationToken cancellationToken;
    private readonly long lookbackMs;
    private readonly long queryStartMs;
    private readonly long queryEndMs;
    private readonly long queryIntervalMs;
    private long samplesInMemory;
    private long labelTextSamples;

    public Evaluator(IQueryable storage, QueryEngineOptions options, string query, long startMs, long endMs, long intervalMs, CancellationToken cancellationToken)
    {
        this.storage = storage;
        this.options = options;
        this.cancellationToken = cancellationToken;
        Annotations = new Annotations(query);
        lookbackMs = (long)options.LookbackDelta.TotalMilliseconds;
        queryStartMs = startMs;
        queryEndMs = endMs;
        queryIntervalMs = intervalMs;
    }

    public Annotations Annotations { get; }

    private bool Delayed => options.DelayedNameRemoval;

    /// <summary>
    /// Evaluates one node and charges its value against <see cref="QueryEngineOptions.MaxSamples"/>.
    /// The charge of its inputs is released first, because they can be collected once the node's
    /// value exists. A value that reuses an input's arrays is charged for them by its own count.
    /// </summary>
    /// <exception cref="QueryException">The value contains more samples than the limit allows.</exception>
    public Value Eval(Expr expr, Frame frame)
    {
        cancellationToken.ThrowIfCancellationRequested();
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var heldBefore = Interlocked.Read(ref samplesInMemory);
        var value = EvalNode(expr, frame);
        Interlocked.Exchange(ref samplesInMemory, heldBefore);
        CountSamples(SamplesOf(value, frame));
        return value;
    }

    /// <summary>
    /// Counts the samples a value keeps in memory. An instant vector keeps a value and a flag for
    /// every step of every series, whether the series has a sample there or not.
    /// </summary>
    private static long SamplesOf(Value value, Frame frame)
    {
        switch (value)
        {
            case ScalarValue:
                return frame.Steps;
            case VectorValue vector:
                return (long)vector.Series.Count * frame.Steps;
            case MatrixValue matrix:
                {
                    long total = 0;
                    foreach (var s in matrix.Series)
                    {
                        total += s.Count;
                    }

                    return total;
                }

            default:
                return 0;
        }
    }

    private Value EvalNode(Expr expr, Frame frame)
    {
        switch (expr)
        {
            case NumberLiteral n:
                {
                    var values = new double[frame.Steps];
                    Array.Fill(values, n.Value);
                    return new ScalarValue(values);
                }

            case StringLiteral s:
                return new StringValue(s.Value);
            case ParenExpr p:
                return Eval(p.Inner, frame);
            case UnaryExpr u:
                return EvalUnary(u, frame);
            case VectorSelector v:
                return new VectorValue(EvalVectorSelector(v, frame, timestamps: false));
            case MatrixSelector or SubqueryExpr:
                {
                    var input = EvalRange(expr, frame);
                    return new MatrixValue(input.WindowAt(0));
                }

            case BinaryExpr b:
                return EvalBinary(b, frame);
            case AggregateExpr a:
                return EvalAggregate(a, frame);
            case Call c:
                return EvalCall(c, frame);
            default:
                throw new QueryException(QueryErrorType.Internal, $"unhandled expression type {expr.GetType().Name}");
        }
    }

    /// <summary>
    /// Removes pending metric names. Series that end up with the same labels are merged when they
    /// never share a step; a shared step is the error Prometheus reports.
    /// </summary>
    public List<StepSeries> FinishNames(List<StepSeries> series)
    {
        var any = false;
        foreach (var s in series)
        {
            if (s.DropName && s.Labels.Has(LabelNames.MetricName))
            {
                s.Labels = s.Labels.Without(LabelNames.MetricName);
                any = true;
            }

            s.DropName = false;
        }

        if (!any)
        {
            return series;
        }

        var merged = new Dictionary<Labels, StepSeries>();
        var result = new List<StepSeries>(series.Count);
        foreach (var s in series)
        {
            if (!merged.TryGetValue(s.Labels, out var target))
            {
                merged.Add(s.Labels, s);
                result.Add(s);
                continue;
            }

            for (var i = 0; i < s.Present.Length; i++)
            {
                if (s.Present[i])
                {
                    if (target.Present[i])
                    {
                        throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
                    }

                    target.CopyFrom(i, s);
                }
            }
        }

        return result;
    }

    /// <summary>Removes the metric name now, or marks it for removal when evaluation ends if removal is delayed.</summary>
    private (Labels Labels, bool DropName) DropNameOf(Labels labels)
    {
        if (Delayed)
        {
            return (labels, true);
        }

        return (labels.Without(LabelNames.MetricName), false);
    }

    /// <summary>
    /// Adds the work done since the last call to <paramref name="work"/> and checks for cancellation
    /// once it passes <see cref="CancellationCheckWork"/>. Loops over steps call it so that a long
    /// loop stops soon after the timeout, while a short loop costs only an addition per step.
    /// </summary>
    private void CheckCancellation(ref long work, long done)
    {
        work += done;
        if (work >= CancellationCheckWork)
        {
            work = 0;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Charges a label value that a function builds, such as the output of <c>label_join</c>, at one
    /// sample per 8 characters, the size of a float and its timestamp. The charge lasts until the
    /// query ends, because the labels pass on to every later value.
    /// </summary>
    private void CountLabelText(long length)
    {
        labelTextSamples += length / 8;
        CountSamples(0);
    }

    /// <summary>The length of label text that <see cref="CountLabelText"/> accepts before the query fails.</summary>
    private int LabelTextAllowance()
    {
        var samples = options.MaxSamples - Interlocked.Read(ref samplesInMemory) - labelTextSamples;
        return (int)(Math.Clamp(samples, 0, int.MaxValue / 8) * 8);
    }

    private void CountSamples(long count)
    {
        if (Interlocked.Add(ref samplesInMemory, count) + labelTextSamples > options.MaxSamples)
        {
            throw TooManySamples();
        }
    }

    private static QueryException TooManySamples() =>
        new(QueryErrorType.Execution, "query processing would load too many samples into memory in query execution");

    private Value EvalUnary(UnaryExpr u, Frame frame)
    {
        var operand = Eval(u.Operand, frame);
        if (!u.Negate)
        {
            return operand;
        }

        if (operand is ScalarValue scalar)
        {
            var values = new double[frame.Steps];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -scalar.Values[i];
            }

            return new ScalarValue(values);
        }

        var vector = (VectorValue)operand;
        var collector = new SeriesCollector(frame.Steps);
        foreach (var s in vector.Series)
        {
            var (labels, drop) = DropNameOf(s.Labels);
            var output = collector.GetOrAdd(labels, drop);
            for (var i = 0; i < frame.Steps; i++)
            {
                if (s.HistogramAt(i) is { } histogram)
                {
                    SetHistogramChecked(output, i, histogram.Multiply(-1).WithHint(CounterResetHint.Gauge));
                }
                else if (s.Present[i])
                {
                    SetChecked(output, i, -s.Values[i]);
                }
            }
        }

        return new VectorValue(collector.Series);
    }

    private static void CopyChecked(StepSeries output, int step, StepSeries source)
    {
        if (output.Present[step])
        {
            throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
        }

        output.CopyFrom(step, source);
    }

    private static void SetHistogramChecked(StepSeries output, int step, FloatHistogram histogram)
    {
        if (output.Present[step])
        {
            throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
        }

        output.SetHistogram(step, histogram);
    }

    private static void SetChecked(StepSeries output, int step, double value)
    {
        if (output.Present[step])
        {
            throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
        }

        output.Set(step, value);
    }

    private long DurationMs(DurationExpr duration)
    {
        if (duration.Computed is null)
        {
            return duration.Milliseconds;
        }

        var seconds = ConstantSeconds(duration.Computed);
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > long.MaxValue / 1000.0)
        {
            throw new QueryException(QueryErrorType.BadData, $"duration expression {ExprPrinter.Print(duration.Computed)} does not give a finite duration");
        }

        return (long)Math.Round(seconds * 1000);
    }

    private double ConstantSeconds(Expr expr) => expr switch
    {
        NumberLiteral n => n.Value,
        ParenExpr p => ConstantSeconds(p.Inner),
        UnaryExpr u => u.Negate ? -ConstantSeconds(u.Operand) : ConstantSeconds(u.Operand),
        BinaryExpr b => ScalarArithmetic(b.Op, ConstantSeconds(b.Left), ConstantSeconds(b.Right)),
        Call { Function.Name: "step" } => queryIntervalMs / 1000.0,
        Call { Function.Name: "range" } => (queryEndMs - queryStartMs) / 1000.0,
        Call { Function.Name: "min_of" } c => Math.Min(ConstantSeconds(c.Args[0]), ConstantSeconds(c.Args[1])),
        Call { Function.Name: "max_of" } c => Math.Max(ConstantSeconds(c.Args[0]), ConstantSeconds(c.Args[1])),
        _ => throw new QueryException(QueryErrorType.BadData, $"unsupported duration expression {ExprPrinter.Print(expr)}"),
    };

    private long OffsetMs(ITimeModified m)
    {
        if (m.Offset is null)
        {
            return 0;
        }

        var ms = DurationMs(m.Offset);
        return m.NegativeOffset ? -ms : ms;
    }

    /// <summary>The time a selector or subquery reads at for each step, after <c>@</c> and <c>offset</c>.</summary>
    private long[] ReferenceTimes(ITimeModified m, Frame frame)
    {
        var offset = OffsetMs(m);
        var refs = new long[frame.Steps];
        long? pinned = m.At switch
        {
            AtModifier.Timestamp => (long)Math.Round(m.AtSeconds * 1000),
            AtModifier.Start => queryStartMs,
            AtModifier.End => queryEndMs,
            _ => null,
        };
        for (var i = 0; i < refs.Length; i++)
        {
            refs[i] = (pinned ?? frame.Time(i)) - offset;
        }

        return refs;
    }

    private List<StepSeries> EvalVectorSelector(VectorSelector selector, Frame frame, bool timestamps)
    {
        var refs = ReferenceTimes(selector, frame);
        var minT = refs[0] - lookbackMs + 1;
        var maxT = refs[^1];
        return ReadSelected(selector.Matchers, minT, maxT, (series, batch) =>
        {
            if (batch.Count == 0)
            {
                return null;
            }

            var ts = batch.Timestamps;
            var vs = batch.Values;
            var hs = batch.Histograms;
            var count = batch.Count;
            StepSeries? output = null;
            var j = -1;
            for (var i = 0; i < refs.Length; i++)
            {
                var r = refs[i];
                while (j + 1 < count && ts[j + 1] <= r)
                {
                    j++;
                }

                if (j < 0 || ts[j] <= r - lookbackMs || StaleMarker.IsStale(vs[j]))
                {
                    continue;
                }

                if (output is null)
                {
                    // The series keeps a slot for every step, so the whole frame is charged.
                    CountSamples(frame.Steps);
                    output = new StepSeries(series.Labels, frame.Steps);
                }

                if (timestamps || hs?[j] is null)
                {
                    output.Set(i, timestamps ? ts[j] / 1000.0 : vs[j]);
                }
                else
                {
                    output.SetHistogram(i, hs[j]!);
                }
            }

            return output;
        });
    }

    /// <summary>Reads the samples behind a range vector argument for every step of the frame.</summary>
    private RangeInput EvalRange(Expr expr, Frame frame)
    {
        while (expr is ParenExpr p)
        {
            expr = p.Inner;
        }

        if (expr is MatrixSelector m)
        {
            var refs = ReferenceTimes(m.Selector, frame);
            var range = DurationMs(m.Range);
            var minT = refs[0] - range + 1;
            var maxT = refs[^1];
            var list = ReadSelected(m.Selector.Matchers, minT, maxT, (series, batch) =>
            {
                batch.RemoveStaleMarkers();
                if (batch.Count == 0)
                {
                    return null;
                }

                CountSamples(batch.Count);
                return ToRawSeries(series.Labels, batch);
            });

            return new RangeInput(list, range, refs, m.Selector.Offset is null ? 0 : OffsetMs(m.Selector));
        }

        if (expr is SubqueryExpr q)
        {
            var refs = ReferenceTimes(q, frame);
            var range = DurationMs(q.Range);
            var interval = q.Step is null ? (long)options.DefaultSubqueryStep.TotalMilliseconds : DurationMs(q.Step);
            if (interval <= 0)
            {
                throw new QueryException(QueryErrorType.BadData, "subquery step must be greater than 0");
            }

            var mint = refs[0] - range;
            var start = interval * (mint / interval);
            if (start <= mint)
            {
                start += interval;
            }

            var end = refs[^1];
            var list = new List<RawSeries>();
            if (end >= start)
            {
                var steps = (end - start) / interval + 1;
                if (steps > int.MaxValue / 4)
                {
                    throw new QueryException(QueryErrorType.Execution, "subquery has too many steps");
                }

                // Every node inside allocates arrays over all the steps, so the steps are charged
                // before any of them exist. A subquery such as x[1d:1ms] fails here at once.
                CountSamples(steps);
                var inner = new Frame(start, interval, (int)steps);
                var value = Eval(q.Inner, inner);
                if (value is VectorValue vector)
                {
                    foreach (var s in vector.Series)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var count = 0;
                        foreach (var b in s.Present)
                        {
                            count += b ? 1 : 0;
                        }

                        if (count == 0)
                        {
                            continue;
                        }

                        CountSamples(count);
                        var ts = new long[count];
                        var vs = new double[count];
                        var hs = s.Histograms is null ? null : new FloatHistogram?[count];
                        var k = 0;
                        for (var i = 0; i < inner.Steps; i++)
                        {
                            if (s.Present[i])
                            {
                                ts[k] = inner.Time(i);
                                if (hs is not null)
                                {
                                    // Subquery points are not adjacent samples, so a "no reset
                                    // since the previous sample" hint is no longer true between them.
                                    var histogram = s.Histograms![i];
                                    hs[k] = histogram?.CounterResetHint == CounterResetHint.NotCounterReset ? histogram.WithHint(CounterResetHint.Unknown) : histogram;
                                }

                                vs[k++] = s.Values[i];
                            }
                        }

                        list.Add(new RawSeries(s.Labels, ts, vs, count, s.DropName, hs));
                    }
                }
            }

            return new RangeInput(list, range, refs, OffsetMs(q));
        }

        throw new QueryException(QueryErrorType.BadData, $"expected a range vector, got {ExprPrinter.Print(expr)}");
    }

    /// <summary>
    /// Turns a batch into a series of samples, taking over the batch's arrays when they are mostly
    /// full and copying them otherwise. A histogram sample's float value is NaN there, as it is unused.
    /// </summary>
    private static RawSeries ToRawSeries(Labels labels, SampleBatch batch)
    {
        var count = batch.Count;
        long[] timestamps;
        double[] values;
        FloatHistogram?[]? histograms;
        if (count >= batch.Capacity * 3 / 4)
        {
            (timestamps, values, histograms) = batch.Detach();
        }
        else
        {
            timestamps = batch.Timestamps.AsSpan(0, count).ToArray();
            values = batch.Values.AsSpan(0, count).ToArray();
            histograms = batch.Histograms?.AsSpan(0, count).ToArray();
        }

        if (histograms is not null)
        {
            for (var i = 0; i < count; i++)
            {
                if (histograms[i] is not null)
                {
                    values[i] = double.NaN;
                }
            }
        }

        return new RawSeries(labels, timestamps, values, count, histograms: histograms);
    }
}

using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.PromQL.Engine;
using InferScope.PromQL.Syntax;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.PromQL;

/// <summary>
/// Evaluates PromQL over a store read through <see cref="IQueryable"/>. Queries run with a
/// timeout, a limit on samples held, a cap on range-query steps and a limit on how many run at
/// once; every failure, including an unexpected one, comes back as a <see cref="QueryException"/>.
/// </summary>
public sealed partial class LocalQueryEngine : IQueryEngine, IDisposable
{
    private readonly IQueryable storage;
    private readonly QueryEngineOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim slots;

    public LocalQueryEngine(IQueryable storage, QueryEngineOptions? options = null, ILogger<LocalQueryEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        this.storage = storage;
        this.options = options ?? new QueryEngineOptions();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        slots = new SemaphoreSlim(Math.Max(1, this.options.MaxConcurrentQueries));
    }

    public QueryEngineOptions Options => options;

    /// <summary>Parses a query, turning a syntax error into a <see cref="QueryErrorType.BadData"/> failure.</summary>
    public static Expr ParseQuery(string query)
    {
        try
        {
            return Parser.Parse(query);
        }
        catch (ParseException e)
        {
            throw new QueryException(QueryErrorType.BadData, e.Message, e);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new QueryException(QueryErrorType.BadData, "query is nested too deeply to parse", e);
        }
    }

    public Task<QueryResult> InstantQueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var t = time.ToUnixTimeMilliseconds();
        return RunAsync(query, t, t, 0, instant: true, cancellationToken);
    }

    public Task<QueryResult> RangeQueryAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var startMs = start.ToUnixTimeMilliseconds();
        var endMs = end.ToUnixTimeMilliseconds();
        var stepMs = (long)step.TotalMilliseconds;
        if (stepMs <= 0)
        {
            throw new QueryException(QueryErrorType.BadData, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        if (endMs < startMs)
        {
            throw new QueryException(QueryErrorType.BadData, "end timestamp must not be before start time");
        }

        if ((endMs - startMs) / stepMs >= options.MaxPointsPerSeries)
        {
            throw new QueryException(
                QueryErrorType.BadData,
                $"exceeded maximum resolution of {options.MaxPointsPerSeries:N0} points per timeseries. Try decreasing the query resolution (?step=XX)");
        }

        return RunAsync(query, startMs, endMs, stepMs, instant: false, cancellationToken);
    }

    private async Task<QueryResult> RunAsync(string query, long startMs, long endMs, long stepMs, bool instant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var expr = ParseQuery(query);
        CheckDepth(expr);
        if (!instant && expr.Kind is ValueKind.Matrix or ValueKind.String)
        {
            throw new QueryException(
                QueryErrorType.BadData,
                $"invalid expression type \"{Parser.KindName(expr.Kind)}\" for range query, must be Scalar or instant Vector");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await slots.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new QueryException(QueryErrorType.Timeout, "query timed out in query queue");
        }
        catch (OperationCanceledException e)
        {
            throw new QueryException(QueryErrorType.Canceled, "query was canceled in query queue", e);
        }

        try
        {
            return await Task.Run(() => Evaluate(query, expr, startMs, endMs, stepMs, instant, timeout.Token), timeout.Token).ConfigureAwait(false);
        }
        catch (QueryException)
        {
            throw;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new QueryException(QueryErrorType.Timeout, "query timed out in expression evaluation", e);
        }
        catch (OperationCanceledException e)
        {
            throw new QueryException(QueryErrorType.Canceled, "query was canceled in expression evaluation", e);
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException or NullReferenceException or InvalidCastException or KeyNotFoundException or System.Text.RegularExpressions.RegexMatchTimeoutException or FormatException or NotSupportedException or DivideByZeroException)
        {
            LogQueryFailed(logger, e, query);
            throw new QueryException(QueryErrorType.Execution, $"unexpected error: {e.Message}", e);
        }
        finally
        {
            slots.Release();
        }
    }

    private void CheckDepth(Expr expr)
    {
        var depth = Depth(expr, 0);
        if (depth > options.MaxNestingDepth)
        {
            throw new QueryException(QueryErrorType.BadData, $"query is nested {depth} levels deep; at most {options.MaxNestingDepth} are allowed");
        }
    }

    private static int Depth(Expr expr, int level) => expr switch
    {
        ParenExpr p => Depth(p.Inner, level + 1),
        UnaryExpr u => Depth(u.Operand, level + 1),
        BinaryExpr b => Math.Max(Depth(b.Left, level + 1), Depth(b.Right, level + 1)),
        AggregateExpr a => Math.Max(Depth(a.Operand, level + 1), a.Parameter is null ? 0 : Depth(a.Parameter, level + 1)),
        Call c => c.Args.Count == 0 ? level + 1 : c.Args.Max(arg => Depth(arg, level + 1)),
        SubqueryExpr s => Depth(s.Inner, level + 1),
        _ => level + 1,
    };

    private QueryResult Evaluate(string query, Expr expr, long startMs, long endMs, long stepMs, bool instant, CancellationToken cancellationToken)
    {
        var evaluator = new Evaluator(storage, options, query, startMs, endMs, stepMs, cancellationToken);
        var steps = instant ? 1 : (int)((endMs - startMs) / stepMs) + 1;
        var frame = new Frame(startMs, instant ? 1 : stepMs, steps);
        var value = evaluator.Eval(expr, frame);
        var warnings = evaluator.Annotations.Warnings;
        var infos = evaluator.Annotations.Infos;
        switch (value)
        {
            case StringValue s:
                return new QueryResult(ResultType.String, [], String: s.Text, Warnings: warnings, Infos: infos);
            case ScalarValue s when instant:
                return new QueryResult(ResultType.Scalar, [], new Point(startMs, s.Values[0]), Warnings: warnings, Infos: infos);
            case ScalarValue s:
                {
                    var points = new Point[steps];
                    for (var i = 0; i < steps; i++)
                    {
                        points[i] = new Point(frame.Time(i), s.Values[i]);
                    }

                    return new QueryResult(ResultType.Matrix, [new SeriesResult(Labels.Empty, points)], Warnings: warnings, Infos: infos);
                }

            case MatrixValue m:
                {
                    var list = new List<SeriesResult>();
                    var seen = new HashSet<Labels>();
                    foreach (var s in m.Series)
                    {
                        var labels = s.DropName ? s.Labels.Without(LabelNames.MetricName) : s.Labels;
                        if (!seen.Add(labels))
                        {
                            throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
                        }

                        var points = new Point[s.Count];
                        for (var i = 0; i < s.Count; i++)
                        {
                            points[i] = new Point(s.Timestamps[i], s.Values[i]) { Histogram = s.HistogramAt(i) };
                        }

                        list.Add(new SeriesResult(labels, points));
                    }

                    list.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
                    return new QueryResult(ResultType.Matrix, list, Warnings: warnings, Infos: infos);
                }

            case VectorValue v:
                {
                    var series = evaluator.FinishNames(v.Series.Where(s => !s.IsEmpty).ToList());
                    var list = new List<SeriesResult>(series.Count);
                    foreach (var s in series)
                    {
                        var points = new List<Point>();
                        for (var i = 0; i < steps; i++)
                        {
                            if (s.Present[i])
                            {
                                points.Add(new Point(frame.Time(i), s.Values[i]) { Histogram = s.HistogramAt(i) });
                            }
                        }

                        list.Add(new SeriesResult(s.Labels, points));
                    }

                    if (instant)
                    {
                        return new QueryResult(ResultType.Vector, list, Warnings: warnings, Infos: infos);
                    }

                    list.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
                    return new QueryResult(ResultType.Matrix, list, Warnings: warnings, Infos: infos);
                }

            default:
                throw new QueryException(QueryErrorType.Internal, "the query produced no value");
        }
    }

    public void Dispose() => slots.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query failed unexpectedly: {Query}")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception, string query);
}

using System.Globalization;
using System.Text.RegularExpressions;
using InferScope.Model;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Testing;

/// <summary>
/// The checks every <c>eval instant</c> gets beyond its own query, as in the Prometheus test
/// runner (<c>promql/promqltest/test.go</c>) does: the same expression as a range query around
/// the evaluation time, and the expression pinned with <c>@</c> at other evaluation times.
/// </summary>
public sealed partial class ScriptRunner
{
    private static readonly TimeSpan RangeModeStep = TimeSpan.FromMinutes(1);

    /// <summary>Calls to these functions make a range query differ from an instant query on purpose.</summary>
    private static readonly Regex QueryContextCall = new(@"(start|end|range|step)\(\)", RegexOptions.CultureInvariant);

    /// <summary>
    /// Runs an instant eval: the query at its time, then the range-mode and <c>@</c> step-invariance
    /// checks. Returns the first problem, naming the check and time that found it, or null.
    /// </summary>
    private static async Task<string?> CheckInstantEvalAsync(IQueryEngine engine, Expectations expect, string query, long timeMs, CancellationToken cancellationToken)
    {
        var problem = await CheckInstantQueryAsync(engine, expect, query, timeMs, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        string? pinned;
        try
        {
            pinned = AtModifierPinning.PinAndPrint(Parser.Parse(query), timeMs);
        }
        catch (ParseException)
        {
            // A query that does not parse has already failed as expected above, so there is nothing to pin.
            return null;
        }

        if (pinned is null)
        {
            return null;
        }

        foreach (var evalTimeMs in StepInvarianceTimes(timeMs))
        {
            problem = await CheckInstantQueryAsync(engine, expect, pinned, evalTimeMs, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return $"@ step-invariance: {pinned} at {FormatTime(evalTimeMs)}: {problem}";
            }
        }

        return null;
    }

    /// <summary>The evaluation times a pinned query is run at: -10t, 0, t/5, t and 10t, or -1s, 0 and 1s for t = 0.</summary>
    internal static long[] StepInvarianceTimes(long timeMs) =>
        timeMs == 0 ? [-1000, 0, 1000] : [-10 * timeMs, 0, timeMs / 5, timeMs, 10 * timeMs];

    /// <summary>Runs one instant query and checks it, then runs the range-mode check when the eval allows it.</summary>
    private static async Task<string?> CheckInstantQueryAsync(IQueryEngine engine, Expectations expect, string query, long timeMs, CancellationToken cancellationToken)
    {
        QueryResult result;
        try
        {
            result = await engine.InstantQueryAsync(query, DateTimeOffset.FromUnixTimeMilliseconds(timeMs), cancellationToken).ConfigureAwait(false);
        }
        catch (QueryException e)
        {
            return CheckFailure(expect, e);
        }

        if (expect.Fail)
        {
            return "expected an error but the query succeeded";
        }

        var problem = CheckAnnotations("warning", expect.Warnings, expect.NoWarn, result.Warnings ?? [])
            ?? CheckAnnotations("info", expect.Infos, expect.NoInfo, result.Infos ?? [])
            ?? CheckResult(expect, result, instant: true, timeMs, timeMs, 0);
        if (problem is not null)
        {
            return problem;
        }

        if (expect.String is not null || expect.RangeVector is not null || QueryContextCall.IsMatch(query))
        {
            return null;
        }

        return await CheckRangeModeAsync(engine, expect, query, timeMs, result.Type, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the query as a range query from t-1m to t+1m with a 1m step and checks its points at t
    /// against the same expectations. Annotations are not checked again, and an ordered eval only
    /// needs the range query to succeed because a matrix is always sorted by labels.
    /// </summary>
    private static async Task<string?> CheckRangeModeAsync(IQueryEngine engine, Expectations expect, string query, long timeMs, ResultType instantType, CancellationToken cancellationToken)
    {
        var mode = $"range mode: {query} from {FormatTime(timeMs - (long)RangeModeStep.TotalMilliseconds)} to {FormatTime(timeMs + (long)RangeModeStep.TotalMilliseconds)} step 1m, point at {FormatTime(timeMs)}";
        QueryResult result;
        try
        {
            result = await engine.RangeQueryAsync(
                query,
                DateTimeOffset.FromUnixTimeMilliseconds(timeMs) - RangeModeStep,
                DateTimeOffset.FromUnixTimeMilliseconds(timeMs) + RangeModeStep,
                RangeModeStep,
                cancellationToken).ConfigureAwait(false);
        }
        catch (QueryException e)
        {
            return $"{mode}: unexpected error: {e.Message}";
        }

        if (expect.Ordered)
        {
            return null;
        }

        if (result.Type != ResultType.Matrix)
        {
            return $"{mode}: expected a range vector but got {Describe(result)}";
        }

        for (var i = 1; i < result.Series.Count; i++)
        {
            if (Labels.Compare(result.Series[i - 1].Labels, result.Series[i].Labels) > 0)
            {
                return $"{mode}: the matrix is not sorted by labels: {result.Series[i - 1].Labels} comes before {result.Series[i].Labels}";
            }
        }

        var atTime = new List<SeriesResult>(result.Series.Count);
        foreach (var series in result.Series)
        {
            foreach (var point in series.Points)
            {
                if (point.TimestampMs == timeMs)
                {
                    atTime.Add(new SeriesResult(series.Labels, [point]));
                    break;
                }
            }
        }

        QueryResult sliced;
        if (instantType == ResultType.Scalar)
        {
            if (atTime.Count == 0)
            {
                return $"{mode}: expected a scalar but no series has a point at that time";
            }

            sliced = new QueryResult(ResultType.Scalar, [], Scalar: atTime[0].Points[0]);
        }
        else
        {
            sliced = new QueryResult(ResultType.Vector, atTime);
        }

        var problem = CheckResult(expect, sliced, instant: true, timeMs, timeMs, 0);
        return problem is null ? null : $"{mode}: {problem}";
    }

    private static string FormatTime(long timeMs) =>
        (timeMs / 1000.0).ToString(CultureInfo.InvariantCulture) + "s";
}

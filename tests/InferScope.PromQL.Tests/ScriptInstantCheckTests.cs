using InferScope.PromQL.Testing;

namespace InferScope.PromQL.Tests;

/// <summary>
/// The range-mode and <c>@</c> step-invariance checks of <c>eval instant</c>: each must fail an eval
/// whose result is right at the eval time but wrong in its own mode, and run only where it applies.
/// </summary>
public sealed class ScriptInstantCheckTests
{
    private const string Data = "load 1m\n  metric{a=\"1\"} 1 2 3 4 5\n  metric{a=\"2\"} 10 20 30 40 50\n\n";

    [Fact]
    public async Task CorrectEngine_PassesBothChecks()
    {
        var (report, calls) = await RunAsync(Data + """
            eval instant at 2m metric
              metric{a="1"} 3
              metric{a="2"} 30
            """);

        Assert.Equal("1 passed, 0 failed", report.Summary);
        Assert.Equal(12, calls.Count);
    }

    [Fact]
    public async Task RangeMode_FailsWrongRangeResult()
    {
        var (report, _) = await RunAsync(
            Data + """
            eval instant at 2m metric
              metric{a="1"} 3
              metric{a="2"} 30
            """,
            alterRange: result => Scale(result, 2));

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.StartsWith("range mode: metric from 60s to 180s step 1m, point at 120s: ", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("expected 3 but got 6", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangeMode_FailsMissingPointAtEvalTime()
    {
        var (report, _) = await RunAsync(
            Data + """
            eval instant at 2m metric
              metric{a="1"} 3
              metric{a="2"} 30
            """,
            alterRange: result => result with
            {
                Series = [.. result.Series.Select(s => s with { Points = [.. s.Points.Where(p => p.TimestampMs != 120_000)] })],
            });

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.Contains("range mode", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("expected 2 series but got 0", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangeMode_FailsUnsortedMatrix()
    {
        var (report, _) = await RunAsync(
            Data + """
            eval instant at 2m metric
              metric{a="1"} 3
              metric{a="2"} 30
            """,
            alterRange: result => result with { Series = [.. result.Series.Reverse()] });

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.Contains("range mode", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("not sorted by labels", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangeMode_ComparesScalarPoint()
    {
        var (report, _) = await RunAsync(
            Data + """
            eval instant at 2m scalar(metric{a="1"})
              3
            """,
            alterRange: result => Scale(result, -1));

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.Contains("range mode", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("expected scalar 3 but got -3", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangeMode_OrderedEvalNeedsOnlySuccess()
    {
        const string Script = Data + """
            eval instant at 2m sort_desc(metric)
              expect ordered
              metric{a="2"} 30
              metric{a="1"} 3
            """;

        var (scaled, _) = await RunAsync(Script, alterRange: result => Scale(result, 2));
        var (failing, _) = await RunAsync(Script, alterRange: _ => throw new QueryException(QueryErrorType.Execution, "broken range mode"));

        Assert.Equal("1 passed, 0 failed", scaled.Summary);
        var outcome = Assert.Single(failing.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.Contains("range mode", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("unexpected error: broken range mode", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("label_replace(metric, \"a\", \"x\", \"a\", \".*\")", "expect fail msg: vector cannot contain metrics with the same labelset")]
    [InlineData("\"text\"", "expect string \"text\"")]
    [InlineData("metric{a=\"1\"}[2m]", "expect range vector from 1m to 2m step 1m\nmetric{a=\"1\"} 2 3")]
    [InlineData("metric{a=\"1\"} + step()", "{a=\"1\"} 3")]
    [InlineData("metric{a=\"1\"} @ end()", "metric{a=\"1\"} 3")]
    public async Task RangeMode_SkippedWhereItDoesNotApply(string query, string body)
    {
        var (report, calls) = await RunAsync(Data + $"eval instant at 2m {query}\n{body}\n");

        Assert.True(report.Passed == 1, report.Outcomes[0].Reason);
        Assert.DoesNotContain(calls, c => c.Range && c.Query == query);
    }

    [Fact]
    public async Task StepInvariance_FailsWrongPinnedResult()
    {
        var (report, _) = await RunAsync(
            Data + """
            eval instant at 2m sum(metric)
              {} 33
            """,
            alterInstant: (query, timeMs, result) => timeMs == 24_000 ? Scale(result, 10) : result);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.StartsWith("@ step-invariance: sum(metric @ 120.000) at 24s: ", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("expected 33 but got 330", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepInvariance_ChecksAnnotations()
    {
        var (report, _) = await RunAsync(
            Data + """
            eval instant at 2m sum(metric)
              expect no_warn
              {} 33
            """,
            alterInstant: (query, timeMs, result) => timeMs < 0 ? result with { Warnings = ["PromQL warning: made up (1:1)"] } : result);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.Contains("@ step-invariance: sum(metric @ 120.000) at -1200s: expected no warning", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepInvariance_ShiftsAnnotationPositions()
    {
        const string Info = "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"metric\"";
        var (report, _) = await RunAsync(Data + $$"""
            eval instant at 2m metric + rate(metric[2m])
              expect info msg: {{Info}} (1:15)
              {a="1"} 3.0166666666666666
              {a="2"} 30.166666666666668

            eval instant at 2m metric + rate(metric[2m])
              expect info regex: might not be a counter
              {a="1"} 3.0166666666666666
              {a="2"} 30.166666666666668
            """);

        Assert.Equal("1 passed, 1 failed", report.Summary);
        Assert.Contains("@ step-invariance: metric @ 120.000 + rate(metric[2m] @ 120.000) at -1200s", report.Outcomes[0].Reason, StringComparison.Ordinal);
        Assert.Contains($"{Info} (1:25)", report.Outcomes[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepInvariance_ExpectsFailureEverywhere()
    {
        var (report, _) = await RunAsync(
            Data + """
            eval instant at 2m metric{a="1"} / 0
              expect fail
            """,
            alterInstant: (query, timeMs, result) => query.Contains('@', StringComparison.Ordinal)
                ? result
                : throw new QueryException(QueryErrorType.Execution, "made up failure"));

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EvalVerdict.Failed, outcome.Verdict);
        Assert.Contains("@ step-invariance: metric{a=\"1\"} @ 120.000 / 0 at -1200s: expected an error but the query succeeded", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepInvariance_PinsAndRunsFiveTimes()
    {
        var (report, calls) = await RunAsync(Data + """
            eval instant at 2m rate(metric[2m]) + on(a) max_over_time(metric[2m:1m]) - metric @ 60 + metric offset 1m
              {a="1"} 3.0166666666666666
              {a="2"} 30.166666666666668
            """);

        Assert.Equal("1 passed, 0 failed", report.Summary);
        const string Pinned = "rate(metric[2m] @ 120.000) + on(a) max_over_time(metric[2m:1m] @ 120.000) - metric @ 60.000 + metric @ 120.000 offset 1m";
        long[] expectedTimes = [-1_200_000, 0, 24_000, 120_000, 1_200_000];
        Assert.Equal(expectedTimes, calls.Where(c => !c.Range && c.Query == Pinned).Select(c => c.TimeMs));
        Assert.Equal(expectedTimes, calls.Where(c => c.Range && c.Query == Pinned).Select(c => c.TimeMs));
    }

    [Fact]
    public async Task StepInvariance_LeavesSubqueryInsideAlone()
    {
        var (report, calls) = await RunAsync(Data + """
            eval instant at 4m max_over_time((metric @ 120 + metric)[2m:1m])
              {a="1"} 8
              {a="2"} 80
            """);

        Assert.Equal("1 passed, 0 failed", report.Summary);
        Assert.Contains(calls, c => c.Query == "max_over_time((metric @ 120.000 + metric)[2m:1m] @ 240.000)");
    }

    [Fact]
    public async Task StepInvariance_UsesSecondsAroundTimeZero()
    {
        var (_, calls) = await RunAsync(Data + """
            eval instant at 0 metric
              metric{a="1"} 1
              metric{a="2"} 10
            """);

        long[] expectedTimes = [-1_000, 0, 1_000];
        Assert.Equal(expectedTimes, calls.Where(c => !c.Range && c.Query == "metric @ 0.000").Select(c => c.TimeMs));
    }

    [Theory]
    [InlineData("time()", "120")]
    [InlineData("timestamp(metric{a=\"1\"})", "{a=\"1\"} 120")]
    [InlineData("predict_linear(metric{a=\"1\"}[2m], 60)", "{a=\"1\"} 4")]
    [InlineData("hour(metric{a=\"1\"})", "{a=\"1\"} 0")]
    public async Task StepInvariance_SkipsTimeDependentFunctions(string query, string expected)
    {
        var (report, calls) = await RunAsync(Data + $"eval instant at 2m {query}\n{expected}\n");

        Assert.True(report.Passed == 1, report.Outcomes[0].Reason);
        Assert.DoesNotContain(calls, c => c.Query.Contains('@', StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Range && c.Query == query);
    }

    private static QueryResult Scale(QueryResult result, double factor) => result with
    {
        Series = [.. result.Series.Select(s => s with { Points = [.. s.Points.Select(p => p with { Value = p.Value * factor })] })],
        Scalar = result.Scalar is { } scalar ? scalar with { Value = scalar.Value * factor } : null,
    };

    private static async Task<(ScriptReport Report, List<EngineCall> Calls)> RunAsync(
        string script,
        Func<QueryResult, QueryResult>? alterRange = null,
        Func<string, long, QueryResult, QueryResult>? alterInstant = null)
    {
        var calls = new List<EngineCall>();
        var report = new ScriptReport();
        using var runner = new ScriptRunner(decorateEngine: engine => new AlteringEngine(engine, calls, alterRange, alterInstant));
        await runner.RunAsync("inline", script, report);
        return (report, calls);
    }

    private sealed record EngineCall(bool Range, string Query, long TimeMs);

    /// <summary>Passes queries to the real engine, records them, and alters selected results.</summary>
    private sealed class AlteringEngine(
        IQueryEngine inner,
        List<EngineCall> calls,
        Func<QueryResult, QueryResult>? alterRange,
        Func<string, long, QueryResult, QueryResult>? alterInstant) : IQueryEngine
    {
        public async Task<QueryResult> InstantQueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            var timeMs = time.ToUnixTimeMilliseconds();
            calls.Add(new EngineCall(false, query, timeMs));
            QueryResult? result = null;
            QueryException? error = null;
            try
            {
                result = await inner.InstantQueryAsync(query, time, cancellationToken);
            }
            catch (QueryException e)
            {
                error = e;
            }

            if (alterInstant is null)
            {
                return result ?? throw error!;
            }

            return alterInstant(query, timeMs, result ?? new QueryResult(ResultType.Vector, []));
        }

        public async Task<QueryResult> RangeQueryAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            var midMs = (start.ToUnixTimeMilliseconds() + end.ToUnixTimeMilliseconds()) / 2;
            calls.Add(new EngineCall(true, query, midMs));
            var result = await inner.RangeQueryAsync(query, start, end, step, cancellationToken);
            return alterRange is null ? result : alterRange(result);
        }
    }
}

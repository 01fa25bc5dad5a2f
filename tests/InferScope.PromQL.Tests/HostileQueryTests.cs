using InferScope.Model;
using InferScope.PromQL.Engine;
using InferScope.PromQL.Testing;

namespace InferScope.PromQL.Tests;

/// <summary>
/// Queries written to exhaust the engine: huge subqueries, series explosions, deep nesting, costly
/// regular expressions and extreme times. Each one either returns the correct result or fails with a
/// <see cref="QueryException"/> of the expected type, and none of them ends the test process.
/// </summary>
public sealed class HostileQueryTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    /// <summary>The evaluation time of instant queries and the end of range queries: the last sample.</summary>
    private static readonly DateTimeOffset End = Epoch.AddHours(4);

    /// <summary>The step of range queries, which gives 9,601 steps over the 4 hours.</summary>
    private static readonly TimeSpan RangeStep = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// A small sample budget. The timeout is generous, so each query fails with its own error even
    /// on a busy machine, and only the timeout test below relies on the timeout.
    /// </summary>
    private static readonly QueryEngineOptions Modest = new()
    {
        Timeout = TimeSpan.FromSeconds(30),
        MaxSamples = 1_000_000,
    };

    /// <summary>
    /// Ten counters <c>requests_total{instance="i0".."i9"}</c> with a sample every 15 s for 4 hours;
    /// series s has the value 10 * i + s at sample i.
    /// </summary>
    private static ScratchStore Counters()
    {
        var store = new ScratchStore();
        for (var s = 0; s < 10; s++)
        {
            var labels = Labels.FromPairs("__name__", "requests_total", "instance", $"i{s}");
            for (var i = 0; i <= 960; i++)
            {
                store.Add(labels, i * 15_000L, (i * 10.0) + s);
            }
        }

        return store;
    }

    private static Task<QueryResult> RunAsync(LocalQueryEngine engine, string query, bool range, CancellationToken cancellationToken = default) =>
        range
            ? engine.RangeQueryAsync(query, Epoch, End, RangeStep, cancellationToken)
            : engine.InstantQueryAsync(query, End, cancellationToken);

    private static string Chain(int terms, string term) => string.Join("+", Enumerable.Repeat(term, terms));

    private static string Wrap(int levels, string open, string inner, string close) =>
        string.Concat(Enumerable.Repeat(open, levels)) + inner + string.Concat(Enumerable.Repeat(close, levels));

    public static TheoryData<string, bool, QueryErrorType, string> Failing => new()
    {
        // Subqueries whose steps alone exceed the budget fail before their arrays exist.
        { "sum(requests_total)[1000d:1ms]", false, QueryErrorType.Execution, "subquery has too many steps" },
        { "sum(requests_total)[1d:1ms]", false, QueryErrorType.Execution, "too many samples" },
        { "vector(1)[1d:1ms]", false, QueryErrorType.Execution, "too many samples" },
        { "max_over_time(vector(1)[1d:1ms])", false, QueryErrorType.Execution, "too many samples" },
        { "quantile_over_time(0.5, vector(1)[1d:1ms])", false, QueryErrorType.Execution, "too many samples" },
        { "max_over_time(max_over_time(vector(1)[1h:1ms])[1h:1ms])", false, QueryErrorType.Execution, "too many samples" },
        { "rate(requests_total[1m])[1d:1ms]", false, QueryErrorType.Execution, "too many samples" },
        { "sum(requests_total)[292000000y:1y]", false, QueryErrorType.Execution, "too many samples" },
        { "max_over_time(vector(1)[1h:1ms])", true, QueryErrorType.Execution, "too many samples" },

        // A new series for every step makes series times steps values.
        { "count_values(\"v\", vector(time()))", true, QueryErrorType.Execution, "too many samples" },
        { "count_values(\"v\", requests_total)", true, QueryErrorType.Execution, "too many samples" },
        { "vector(1) * on() group_left(v) count_values(\"v\", vector(time()))", true, QueryErrorType.Execution, "too many samples" },

        // Label values built by functions are charged at 8 characters to a sample, so the 1,000,000
        // samples allow 8,000,000 characters.
        { "label_join(requests_total, \"x\", \"" + new string('a', 100_000) + "\"" + string.Concat(Enumerable.Repeat(", \"instance\"", 60)) + ")", false, QueryErrorType.Execution, "too many samples" },
        { "label_replace(label_join(requests_total, \"x\", \"" + new string('a', 10_000) + "\", \"instance\", \"instance\"), \"y\", \"" + string.Concat(Enumerable.Repeat("$1", 10_000)) + "\", \"x\", \"(.*)\")", false, QueryErrorType.Execution, "too many samples" },

        { "sum(requests_total)[10m:0s]", false, QueryErrorType.BadData, "subquery step must be greater than 0" },
        { "topk(1e300, requests_total)", false, QueryErrorType.Execution, "overflows int64" },
        { "topk(NaN, requests_total)", false, QueryErrorType.Execution, "Parameter value is NaN" },

        // Nesting past 256 levels, binary operator chains included, is rejected while parsing.
        { Chain(100_000, "1"), false, QueryErrorType.BadData, "nested more than 256 levels deep" },
        { Chain(100_000, "requests_total"), true, QueryErrorType.BadData, "nested more than 256 levels deep" },
        { Chain(100_000, "(1)"), false, QueryErrorType.BadData, "nested more than 256 levels deep" },
        { Chain(300, "1"), false, QueryErrorType.BadData, "nested more than 256 levels deep" },
        { string.Join("^", Enumerable.Repeat("1", 300)), false, QueryErrorType.BadData, "nested more than 256 levels deep" },
        { Wrap(100_000, "(", "1", ")"), false, QueryErrorType.BadData, "nested more than 256 levels deep" },
        { Wrap(257, "-", "1", ""), false, QueryErrorType.BadData, "nested more than 256 levels deep" },

        // Regular expressions whose automata would be too large, and backreferences, which RE2 lacks.
        { "requests_total{instance=~\"(a{1000}){1000}\"}", false, QueryErrorType.BadData, "Unsupported regular expression" },
        { "label_replace(requests_total, \"x\", \"$1\", \"instance\", \"((a{1000}){1000}){1000}\")", false, QueryErrorType.BadData, "unsupported regular expression in label_replace()" },
        { "label_replace(requests_total, \"x\", \"$1\", \"instance\", \"(i)\\\\1\")", false, QueryErrorType.BadData, "unsupported regular expression in label_replace()" },
        { "requests_total{instance=~\"" + string.Concat(Enumerable.Repeat("a.", 35_000)) + "\"}", false, QueryErrorType.BadData, "70000 characters long, over the limit of 65536" },
        { "label_replace(requests_total, \"x\", \"$1\", \"instance\", \"" + new string('a', 70_000) + "\")", false, QueryErrorType.BadData, "70000 characters long, over the limit of 65536" },

        // Times and durations past the range of a 64-bit millisecond count.
        { "requests_total @ 9223372036854775807", false, QueryErrorType.BadData, "timestamp out of bounds for @ modifier" },
        { "99999999999999999999999999999999999999y", false, QueryErrorType.BadData, "bad number or duration syntax" },
        { "requests_total offset (1e300)", false, QueryErrorType.BadData, "duration out of range" },
        { "requests_total offset (2^62)", false, QueryErrorType.BadData, "does not give a finite duration" },
        { "requests_total[(2^62)]", false, QueryErrorType.BadData, "does not give a finite duration" },
    };

    [Theory]
    [MemberData(nameof(Failing))]
    public async Task HostileQuery_FailsWithErrorType(string query, bool range, QueryErrorType expected, string phrase)
    {
        using var engine = new LocalQueryEngine(Counters(), Modest);

        var error = await Assert.ThrowsAsync<QueryException>(() => RunAsync(engine, query, range));

        Assert.Equal(expected, error.ErrorType);
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, bool, int, double> Answered => new()
    {
        // Chains and nesting just inside the limit evaluate normally.
        { Chain(200, "1"), false, 0, 200 },
        { Wrap(250, "(", "1", ")"), false, 0, 1 },
        { Wrap(255, "-", "1", ""), false, 0, -1 },
        { "max(" + Wrap(80, "max_over_time((", "requests_total", ")[5m:1m])") + ")", false, 1, 9609 },

        // Cheap subqueries over many steps stay within the budget.
        { "count_over_time(count_over_time(vector(1)[1d:1s])[1d:1s])", false, 1, 86400 },

        // Huge k and ratio keep every series.
        { "count(topk(1e18, requests_total))", false, 1, 10 },
        { "count(limitk(1e18, requests_total))", false, 1, 10 },
        { "count(limit_ratio(1e300, requests_total))", false, 1, 10 },
        { "count(topk(1e18, requests_total))", true, 1, 10 },

        // A long list of literal strings is matched by set lookup, past the regex length limit.
        { "count(requests_total{instance=~\"" + string.Join('|', Enumerable.Range(0, 3_000).Select(i => $"ip-10-0-{i}\\\\.compute\\\\.internal:8000").Append("i3").Append("i7")) + "\"})", false, 1, 2 },

        // A pattern that backtracks exponentially runs in linear time over a 10,000 character value.
        { "count(label_replace(label_join(requests_total, \"big\", \"" + new string('a', 5_000) + "\", \"instance\", \"instance\"), \"x\", \"$1\", \"big\", \"(a*)*b\"))", false, 1, 10 },
        { "count(label_replace(requests_total, \"x\", \"$1$1$1$1$1$1$1$1\", \"instance\", \"(.*)\"))", false, 1, 10 },

        // Times far from the data read nothing.
        { "requests_total @ 9223372036854775", false, 0, double.NaN },
        { "requests_total @ -9223372036854775", false, 0, double.NaN },
        { "requests_total offset 292000000y", false, 0, double.NaN },
        { "requests_total offset -292000000y", false, 0, double.NaN },
        { "rate(requests_total[5m] offset 9223372036854775807ms)", false, 0, double.NaN },
        { "sum(requests_total)[5m:1m] @ 9223372036854775", false, 0, double.NaN },
        { "rate(requests_total[292000000y] @ -9223372036854775)", false, 0, double.NaN },
        { "sum(requests_total)[292000000y:1m] @ -9223372036854775", false, 0, double.NaN },

        // A range reaching back past the year 1 still covers every sample.
        { "count(rate(requests_total[292000000y]))", false, 1, 10 },
        { "count_over_time(requests_total{instance=\"i0\"}[9223372036854775807ms])", false, 1, 961 },

        // Scalar and histogram math at the extremes follows IEEE 754.
        { "2^1e308", false, 1, double.PositiveInfinity },
        { "-2^1e308 % 0", false, 1, double.NaN },
        { "histogram_quantile(1e308, requests_total)", false, 0, double.NaN },
    };

    /// <summary>
    /// Runs a query that must succeed and checks its first value, or that it returns nothing when
    /// <paramref name="series"/> is 0. An expected NaN matches only NaN.
    /// </summary>
    [Theory]
    [MemberData(nameof(Answered))]
    public async Task HostileQuery_ReturnsCorrectResult(string query, bool range, int series, double value)
    {
        using var engine = new LocalQueryEngine(Counters(), Modest);

        var result = await RunAsync(engine, query, range);

        if (result.Type == ResultType.Scalar)
        {
            Assert.Equal(value, result.Scalar!.Value.Value);
            return;
        }

        Assert.Equal(series, result.Series.Count);
        if (series > 0)
        {
            Assert.Equal(value, result.Series[0].Points[^1].Value);
        }
    }

    [Theory]
    [InlineData(1e308, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, double.NegativeInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public async Task HistogramQuantile_ExtremeQuantile_FollowsPrometheus(double q, double expected)
    {
        var store = new ScratchStore();
        string[] bounds = ["0.1", "1", "+Inf"];
        double[] counts = [1, double.NaN, double.PositiveInfinity];
        for (var b = 0; b < bounds.Length; b++)
        {
            store.Add(Labels.FromPairs("__name__", "latency_bucket", "le", bounds[b]), 0, counts[b]);
        }

        using var engine = new LocalQueryEngine(store, Modest);
        var text = double.IsNaN(q) ? "NaN" : double.IsNegativeInfinity(q) ? "-Inf" : q.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        var result = await engine.InstantQueryAsync($"histogram_quantile({text}, latency_bucket)", Epoch);

        Assert.Equal(expected, Assert.Single(result.Series).Points[0].Value);
    }

    /// <summary>
    /// A million steps, each with a window of a million points, take about 10^12 operations. The
    /// checks inside the step loops stop the query at its 1 s timeout, well within the 30 s bound.
    /// </summary>
    [Fact]
    public async Task HugeWindowSweep_TimesOut()
    {
        using var engine = new LocalQueryEngine(Counters(), new QueryEngineOptions { Timeout = TimeSpan.FromSeconds(1) });

        var query = engine.InstantQueryAsync("max_over_time(max_over_time(vector(1)[1000s:1ms])[1000s:1ms])", End);
        var finished = await Task.WhenAny(query, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(query, finished);
        var error = await Assert.ThrowsAsync<QueryException>(() => query);
        Assert.Equal(QueryErrorType.Timeout, error.ErrorType);
        Assert.Equal("query timed out in expression evaluation", error.Message);
    }

    [Fact]
    public async Task HugeWindowSweep_CallerCancels_Canceled()
    {
        using var engine = new LocalQueryEngine(Counters(), new QueryEngineOptions { Timeout = TimeSpan.FromMinutes(10) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var query = engine.InstantQueryAsync("max_over_time(max_over_time(vector(1)[1000s:1ms])[1000s:1ms])", End, cancel.Token);
        var finished = await Task.WhenAny(query, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(query, finished);
        var error = await Assert.ThrowsAsync<QueryException>(() => query);
        Assert.Equal(QueryErrorType.Canceled, error.ErrorType);
    }

    [Fact]
    public async Task LabelReplace_UnlimitedSamples_ExpandsGroups()
    {
        using var engine = new LocalQueryEngine(Counters(), new QueryEngineOptions { MaxSamples = long.MaxValue });

        var result = await engine.InstantQueryAsync("label_replace(requests_total{instance=\"i3\"}, \"x\", \"$name-$rest\", \"instance\", \"(?P<name>i)(?P<rest>.*)\")", End);

        var series = Assert.Single(result.Series);
        Assert.Equal("i-3", series.Labels.Get("x"));
        Assert.Equal(9603, series.Points[0].Value);
    }

    [Fact]
    public async Task HostileQueries_LeaveEngineUsable()
    {
        using var engine = new LocalQueryEngine(Counters(), Modest);
        (string Query, bool Range)[] hostile = [("vector(1)[1d:1ms]", false), (Chain(100_000, "1"), false), ("count_values(\"v\", vector(time()))", true)];
        foreach (var (query, range) in hostile)
        {
            await Assert.ThrowsAsync<QueryException>(() => RunAsync(engine, query, range));
        }

        var result = await engine.InstantQueryAsync("sum(requests_total)", End);

        Assert.Equal((9600 * 10) + 45, Assert.Single(result.Series).Points[0].Value);
    }
}

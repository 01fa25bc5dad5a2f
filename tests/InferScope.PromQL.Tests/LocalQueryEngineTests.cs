using InferScope.Model;
using InferScope.PromQL.Engine;
using InferScope.PromQL.Testing;

namespace InferScope.PromQL.Tests;

public sealed class LocalQueryEngineTests
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    private static ScratchStore Counters(int series, int samples, long intervalMs = 15_000)
    {
        var store = new ScratchStore();
        for (var s = 0; s < series; s++)
        {
            var labels = Labels.FromPairs("__name__", "requests_total", "instance", $"i{s}");
            for (var i = 0; i < samples; i++)
            {
                store.Add(labels, i * intervalMs, i * 10.0);
            }
        }

        return store;
    }

    [Fact]
    public async Task Rate_OfSteadyCounter_IsExact()
    {
        using var engine = new LocalQueryEngine(Counters(2, 100));

        var result = await engine.InstantQueryAsync("sum(rate(requests_total[5m]))", Epoch.AddMinutes(10));

        Assert.Equal(ResultType.Vector, result.Type);
        Assert.Equal(2 * 10.0 / 15, Assert.Single(result.Series).Points[0].Value, 12);
    }

    [Fact]
    public async Task RangeQuery_MatchesInstantQueriesAtEveryStep()
    {
        using var engine = new LocalQueryEngine(Counters(3, 200));
        const string Query = "max_over_time(rate(requests_total[1m])[10m:30s]) / on(instance) group_left count by (instance) (requests_total)";

        var range = await engine.RangeQueryAsync(Query, Epoch.AddMinutes(15), Epoch.AddMinutes(30), TimeSpan.FromSeconds(45));
        foreach (var series in range.Series)
        {
            foreach (var point in series.Points)
            {
                var instant = await engine.InstantQueryAsync(Query, DateTimeOffset.FromUnixTimeMilliseconds(point.TimestampMs));
                var match = instant.Series.Single(s => s.Labels.Equals(series.Labels));
                Assert.Equal(match.Points[0].Value, point.Value, 12);
            }
        }

        Assert.Equal(3, range.Series.Count);
        Assert.Equal(21, range.Series[0].Points.Count);
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("avg")]
    [InlineData("min")]
    [InlineData("max")]
    [InlineData("count")]
    [InlineData("group")]
    public async Task Aggregate_ManyGroupsAndSteps_MatchesDirectComputation(string op)
    {
        // 300 groups over 400 steps exceed one block of per-step group state, and every seventh group
        // starts in a later step.
        const int groups = 300, steps = 400;
        var store = new ScratchStore();
        var expected = new Dictionary<int, List<double>[]>();
        for (var s = 0; s < 2 * groups; s++)
        {
            var group = s % groups;
            var labels = Labels.FromPairs("__name__", "load", "group", $"g{group:D3}", "copy", $"{s / groups}");
            var first = group % 7 == 0 ? 100 + group : 0;
            var members = expected.TryGetValue(group, out var list) ? list : expected[group] = [.. Enumerable.Range(0, steps).Select(_ => new List<double>())];
            for (var i = first; i < steps; i++)
            {
                var value = ((s * 31) + (i * 17)) % 1000 / 8.0;
                store.Add(labels, i * 15_000L, value);
                members[i].Add(value);
            }
        }

        using var engine = new LocalQueryEngine(store, new QueryEngineOptions { LookbackDelta = TimeSpan.FromSeconds(1) });
        var result = await engine.RangeQueryAsync($"{op} by (group) (load)", Epoch, Epoch.AddSeconds((steps - 1) * 15), TimeSpan.FromSeconds(15));

        Assert.Equal(expected.Keys.Order().Select(g => $"g{g:D3}"), result.Series.Select(r => r.Labels.Get("group")));
        foreach (var series in result.Series)
        {
            var members = expected[int.Parse(series.Labels.Get("group")![1..], System.Globalization.CultureInfo.InvariantCulture)];
            var points = members.Select((m, i) => (Step: i, Members: m)).Where(p => p.Members.Count > 0).ToList();
            Assert.Equal(points.Count, series.Points.Count);
            foreach (var (point, (step, values)) in series.Points.Zip(points))
            {
                Assert.Equal(step * 15_000L, point.TimestampMs);
                var direct = op switch
                {
                    "sum" => values.Sum(),
                    "avg" => values.Average(),
                    "min" => values.Min(),
                    "max" => values.Max(),
                    "count" => values.Count,
                    _ => 1,
                };
                Assert.Equal(direct, point.Value);
            }
        }
    }

    [Fact]
    public async Task StaleMarker_EndsTheSeriesAtOnce()
    {
        var store = new ScratchStore();
        var labels = Labels.FromPairs("__name__", "up");
        store.Add(labels, 0, 1);
        store.Add(labels, 15_000, StaleMarker.Value);
        using var engine = new LocalQueryEngine(store);

        var before = await engine.InstantQueryAsync("up", Epoch.AddSeconds(10));
        var after = await engine.InstantQueryAsync("up", Epoch.AddSeconds(20));

        Assert.Single(before.Series);
        Assert.Empty(after.Series);
    }

    [Fact]
    public async Task TooManySteps_IsBadData()
    {
        using var engine = new LocalQueryEngine(new ScratchStore());

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            engine.RangeQueryAsync("1", Epoch, Epoch.AddSeconds(11_000), TimeSpan.FromSeconds(1)));

        Assert.Equal(QueryErrorType.BadData, error.ErrorType);
        Assert.Contains("11,000 points", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxSamples_IsExecutionError()
    {
        using var engine = new LocalQueryEngine(Counters(10, 100), new QueryEngineOptions { MaxSamples = 500 });

        var error = await Assert.ThrowsAsync<QueryException>(() => engine.InstantQueryAsync("requests_total[1h]", Epoch.AddMinutes(30)));

        Assert.Equal(QueryErrorType.Execution, error.ErrorType);
        Assert.Contains("too many samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_IsTimeoutError()
    {
        using var engine = new LocalQueryEngine(Counters(50, 2000), new QueryEngineOptions { Timeout = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            engine.RangeQueryAsync("quantile_over_time(0.5, requests_total[2h])", Epoch, Epoch.AddHours(8), TimeSpan.FromSeconds(5)));

        Assert.Equal(QueryErrorType.Timeout, error.ErrorType);
    }

    [Fact]
    public async Task CallerCancellation_IsCanceledError()
    {
        using var engine = new LocalQueryEngine(Counters(1, 10));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => engine.InstantQueryAsync("requests_total", Epoch, cancel.Token));

        Assert.Equal(QueryErrorType.Canceled, error.ErrorType);
    }

    [Fact]
    public async Task ConcurrencyLimit_QueuesQueriesInsteadOfFailing()
    {
        using var engine = new LocalQueryEngine(Counters(5, 500), new QueryEngineOptions { MaxConcurrentQueries = 1 });

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => engine.InstantQueryAsync("count(requests_total)", Epoch.AddMinutes(60))));

        Assert.All(results, r => Assert.Equal(5, r.Series[0].Points[0].Value));
    }

    [Theory]
    [InlineData(100_000, "(", ")")]
    [InlineData(100_000, "-", "")]
    [InlineData(20_000, "abs(", ")")]
    public async Task QueryOfDeath_ReturnsAnError(int depth, string open, string close)
    {
        using var engine = new LocalQueryEngine(Counters(1, 10));
        var query = string.Concat(Enumerable.Repeat(open, depth)) + "requests_total" + string.Concat(Enumerable.Repeat(close, depth));

        var error = await Assert.ThrowsAsync<QueryException>(() => engine.InstantQueryAsync(query, Epoch));

        Assert.Equal(QueryErrorType.BadData, error.ErrorType);
    }

    [Fact]
    public async Task DuplicateOutputSeries_IsExecutionError()
    {
        var store = new ScratchStore();
        store.Add(Labels.FromPairs("__name__", "a", "x", "1"), 0, 1);
        store.Add(Labels.FromPairs("__name__", "b", "x", "1"), 0, 2);
        using var engine = new LocalQueryEngine(store);

        var error = await Assert.ThrowsAsync<QueryException>(() => engine.InstantQueryAsync("abs({x=\"1\"})", Epoch));

        Assert.Equal("vector cannot contain metrics with the same labelset", error.Message);
    }

    [Fact]
    public async Task RateOnGauge_ReportsInfoWithPosition()
    {
        var store = new ScratchStore();
        store.Add(Labels.FromPairs("__name__", "temperature"), 0, 1);
        store.Add(Labels.FromPairs("__name__", "temperature"), 15_000, 2);
        using var engine = new LocalQueryEngine(store);

        var result = await engine.InstantQueryAsync("rate(temperature[1m])", Epoch.AddSeconds(30));

        Assert.Equal(
            "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"temperature\" (1:6)",
            Assert.Single(result.Infos!));
    }
}

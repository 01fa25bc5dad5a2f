namespace InferScope.PromQL.Tests;

public sealed class RemoteQueryEngineTests(PrometheusFixture fixture) : IClassFixture<PrometheusFixture>
{
    private static readonly DateTimeOffset At = FleetDataset.Start.AddMinutes(30).AddMilliseconds(500);

    [Fact]
    public async Task InstantQuery_CountsSeriesByZone()
    {
        var result = await fixture.Remote.InstantQueryAsync("count by (az) (llm_requests_total)", At);

        Assert.Equal(ResultType.Vector, result.Type);
        Assert.Equal(3, result.Series.Count);
        Assert.All(result.Series, s => Assert.Equal(2, s.Points[0].Value));
        Assert.All(result.Series, s => Assert.Equal(At.ToUnixTimeMilliseconds(), s.Points[0].TimestampMs));
    }

    [Fact]
    public async Task InstantQuery_ReturnsScalarAndString()
    {
        var scalar = await fixture.Remote.InstantQueryAsync("1 + 2", At);
        var text = await fixture.Remote.InstantQueryAsync("\"fleet\"", At);

        Assert.Equal(ResultType.Scalar, scalar.Type);
        Assert.Equal(3, scalar.Scalar!.Value.Value);
        Assert.Equal(ResultType.String, text.Type);
        Assert.Equal("fleet", text.String);
    }

    [Fact]
    public async Task RangeQuery_ReturnsOnePointPerStep()
    {
        var result = await fixture.Remote.RangeQueryAsync("sum(llm_kv_cache_usage_ratio) > 0", At, At.AddMinutes(10), TimeSpan.FromMinutes(1));

        Assert.Equal(ResultType.Matrix, result.Type);
        var series = Assert.Single(result.Series);
        Assert.Equal(11, series.Points.Count);
    }

    [Fact]
    public async Task SyntaxError_IsBadData()
    {
        var error = await Assert.ThrowsAsync<QueryException>(() => fixture.Remote.InstantQueryAsync("sum(", At));

        Assert.Equal(QueryErrorType.BadData, error.ErrorType);
    }

    [Fact]
    public async Task UnreachableServer_IsUnavailable()
    {
        using var http = new HttpClient();
        var engine = new Remote.RemoteQueryEngine(http, new Uri("http://127.0.0.1:1/"));

        var error = await Assert.ThrowsAsync<QueryException>(() => engine.InstantQueryAsync("up", At));

        Assert.Equal(QueryErrorType.Unavailable, error.ErrorType);
    }
}

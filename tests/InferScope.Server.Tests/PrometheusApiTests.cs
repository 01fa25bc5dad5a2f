using System.Net;
using InferScope.Model;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

public sealed class PrometheusApiTests : IAsyncLifetime
{
    private const long T0 = 1_000_000_000_000;
    private TestServer server = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync("""
            global:
              external_labels:
                cluster: lab
            auth:
              admin:
                bearer_token: s3cret-admin
            """);
        for (var i = 0; i <= 10; i++)
        {
            server.Store.Add(Labels.FromPairs("__name__", "up", "job", "api", "instance", "a:1"), T0 + (i * 1000), 1);
            server.Store.Add(Labels.FromPairs("__name__", "up", "job", "db", "instance", "b:1"), T0 + (i * 1000), 0);
        }

        server.Store.Add(Labels.FromPairs("__name__", "llm_ttft_seconds", "endpoint", "chat"), T0, 0.25);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Query_Vector_ValuesAreStrings()
    {
        var (status, body) = await GetAsync("/api/v1/query?query=up{job=\"api\"}&time=1000000010");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"a:1","job":"api"},"value":[1000000010,"1"]}]}}""", body);
    }

    [Fact]
    public async Task Query_PostForm_SameAsGet()
    {
        using var form = new FormUrlEncodedContent([new("query", "llm_ttft_seconds"), new("time", "2001-09-09T01:46:40.5Z")]);
        var response = await server.Client.PostAsync("/api/v1/query", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"value\":[1000000000.500,\"0.25\"]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ScalarAndString()
    {
        var (_, scalar) = await GetAsync("/api/v1/query?query=1e-7&time=1000000060.5");
        var (_, text) = await GetAsync("/api/v1/query?query=%22foo%22&time=1000000060");

        Assert.Equal("""{"status":"success","data":{"resultType":"scalar","result":[1000000060.500,"1e-07"]}}""", scalar);
        Assert.Equal("""{"status":"success","data":{"resultType":"string","result":[1000000060,"foo"]}}""", text);
    }

    [Fact]
    public async Task Query_Missing_BadData400()
    {
        var (status, body) = await GetAsync("/api/v1/query");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:1: parse error: no expression found in input"}""", body);
    }

    [Fact]
    public async Task Query_BadTime_BadData400()
    {
        var (status, body) = await GetAsync("/api/v1/query?query=up&time=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("invalid parameter \\\"time\\\": cannot parse \\\"yesterday\\\" to a valid timestamp", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ParseError_BadData400()
    {
        var (status, body) = await GetAsync("/api/v1/query?query=up{job=");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("""{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:8: parse error""", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Timeout_Timeout503()
    {
        server.Engine.Delay = TimeSpan.FromSeconds(5);
        try
        {
            var (status, body) = await GetAsync("/api/v1/query?query=up&timeout=50ms");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("\"errorType\":\"timeout\"", body, StringComparison.Ordinal);
        }
        finally
        {
            server.Engine.Delay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task QueryRange_FractionalStep_Points()
    {
        var (status, body) = await GetAsync("/api/v1/query_range?query=up{job=\"db\"}&start=2001-09-09T01:46:40Z&end=1000000003&step=1.5");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","instance":"b:1","job":"db"},"values":[[1000000000,"0"],[1000000001.500,"0"],[1000000003,"0"]]}]}}""", body);
    }

    [Fact]
    public async Task QueryRange_ElevenThousandSteps_Accepted()
    {
        var (status, _) = await GetAsync("/api/v1/query_range?query=1&start=0&end=11000&step=1");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task QueryRange_TooManyPoints_BadData400()
    {
        var (status, body) = await GetAsync("/api/v1/query_range?query=1&start=0&end=11001&step=1");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("exceeded maximum resolution of 11,000 points per timeseries", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start=10&end=5&step=1", "end timestamp must not be before start time")]
    [InlineData("start=0&end=5&step=0", "zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("end=5&step=1", "invalid parameter \\\"start\\\"")]
    [InlineData("start=0&end=5", "invalid parameter \\\"step\\\"")]
    public async Task QueryRange_InvalidRange_BadData400(string parameters, string message)
    {
        var (status, body) = await GetAsync($"/api/v1/query_range?query=up&{parameters}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"errorType\":\"bad_data\"", body, StringComparison.Ordinal);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_MatchersOred_Sorted()
    {
        var (status, body) = await GetAsync("/api/v1/series?match[]=up{job=\"db\"}&match[]=up&match[]=llm_ttft_seconds");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"success","data":[{"__name__":"llm_ttft_seconds","endpoint":"chat"},{"__name__":"up","instance":"a:1","job":"api"},{"__name__":"up","instance":"b:1","job":"db"}]}""", body);
    }

    [Fact]
    public async Task Series_Limit_TruncatesWithWarning()
    {
        var (_, body) = await GetAsync("/api/v1/series?match[]=up&limit=1");

        Assert.Equal("""{"status":"success","data":[{"__name__":"up","instance":"a:1","job":"api"}],"warnings":["results truncated due to limit"]}""", body);
    }

    [Fact]
    public async Task Series_NoMatch_BadData400()
    {
        var (status, body) = await GetAsync("/api/v1/series");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"status":"error","errorType":"bad_data","error":"no match[] parameter provided"}""", body);
    }

    [Fact]
    public async Task Series_OnlyEmptyMatchers_BadData400()
    {
        var (status, body) = await GetAsync("/api/v1/series?match[]={job=~\".*\"}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"status":"error","errorType":"bad_data","error":"invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"}""", body);
    }

    [Fact]
    public async Task Labels_AllNamesSorted()
    {
        var (_, body) = await GetAsync("/api/v1/labels");

        Assert.Equal("""{"status":"success","data":["__name__","endpoint","instance","job"]}""", body);
    }

    [Fact]
    public async Task Labels_WithMatch_OnlyThoseSeries()
    {
        var (_, body) = await GetAsync("/api/v1/labels?match[]=llm_ttft_seconds");

        Assert.Equal("""{"status":"success","data":["__name__","endpoint"]}""", body);
    }

    [Fact]
    public async Task LabelValues_KnownAndUnknown()
    {
        var (_, jobs) = await GetAsync("/api/v1/label/job/values");
        var (_, unknown) = await GetAsync("/api/v1/label/nothing/values");
        var (_, names) = await GetAsync("/api/v1/label/__name__/values");

        Assert.Equal("""{"status":"success","data":["api","db"]}""", jobs);
        Assert.Equal("""{"status":"success","data":[]}""", unknown);
        Assert.Equal("""{"status":"success","data":["llm_ttft_seconds","up"]}""", names);
    }

    [Fact]
    public async Task LabelValues_InvalidName_BadData400()
    {
        var (status, body) = await GetAsync("/api/v1/label/a-b/values");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"status":"error","errorType":"bad_data","error":"invalid label name: \"a-b\""}""", body);
    }

    [Fact]
    public async Task Metadata_FromAppends()
    {
        var (_, empty) = await GetAsync("/api/v1/metadata");
        server.Components.Metadata.Update("llm_ttft_seconds", new MetricMetadata(MetricType.Histogram, "Time to first token.", "seconds"));
        var (_, filled) = await GetAsync("/api/v1/metadata?metric=llm_ttft_seconds");

        Assert.Equal("""{"status":"success","data":{}}""", empty);
        Assert.Equal("""{"status":"success","data":{"llm_ttft_seconds":[{"type":"histogram","help":"Time to first token.","unit":"seconds"}]}}""", filled);
    }

    [Fact]
    public async Task BuildInfo_AllFieldsStrings()
    {
        var (_, body) = await GetAsync("/api/v1/status/buildinfo");

        Assert.StartsWith("""{"status":"success","data":{"version":"3.0.0","revision":"inferscope-""", body, StringComparison.Ordinal);
        Assert.Contains("\"goVersion\":\"dotnet", body, StringComparison.Ordinal);
        Assert.DoesNotContain("features", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusConfig_SecretsRedacted()
    {
        var (_, body) = await GetAsync("/api/v1/status/config");

        Assert.Contains("bearer_token: <secret>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-admin", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusTsdb_CountsSeries()
    {
        // The TSDB status covers the last three hours, so the series need recent samples.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        server.Store.Add(Labels.FromPairs("__name__", "recent", "a", "1"), now - 1000, 1);
        server.Store.Add(Labels.FromPairs("__name__", "recent", "a", "2"), now - 1000, 1);

        var (_, body) = await GetAsync("/api/v1/status/tsdb");

        Assert.Contains("\"headStats\":{\"numSeries\":2,", body, StringComparison.Ordinal);
        Assert.Contains("\"seriesCountByMetricName\":[{\"name\":\"recent\",\"value\":2}]", body, StringComparison.Ordinal);
        Assert.Contains("\"labelValueCountByLabelName\":[{\"name\":\"a\",\"value\":2},{\"name\":\"__name__\",\"value\":1}]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_RulesAlerts_EmptyShapes()
    {
        var (_, targets) = await GetAsync("/api/v1/targets");
        var (_, rules) = await GetAsync("/api/v1/rules");
        var (_, alerts) = await GetAsync("/api/v1/alerts");

        Assert.Equal("""{"status":"success","data":{"activeTargets":[],"droppedTargets":[]}}""", targets);
        Assert.Equal("""{"status":"success","data":{"groups":[]}}""", rules);
        Assert.Equal("""{"status":"success","data":{"alerts":[]}}""", alerts);
    }

    [Fact]
    public async Task FormatQuery_NoFormatter_Unavailable503()
    {
        var (status, body) = await GetAsync("/api/v1/format_query?query=foo/bar");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("\"errorType\":\"unavailable\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_PlainText404()
    {
        var (status, body) = await GetAsync("/api/v1/nothing");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("404 page not found\n", body);
    }

    [Fact]
    public async Task Options_NoContent204()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/query");
        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task HealthyAndReady_Ok()
    {
        var (healthy, healthyBody) = await GetAsync("/-/healthy");
        var (ready, readyBody) = await GetAsync("/-/ready");

        Assert.Equal(HttpStatusCode.OK, healthy);
        Assert.Equal("InferScope is Healthy.\n", healthyBody);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("InferScope is Ready.\n", readyBody);
    }

    [Fact]
    public async Task Federate_LatestSamplesWithExternalLabels()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        server.Store.Add(Labels.FromPairs("__name__", "fed_metric", "i", "1"), now - 20_000, 3);
        server.Store.Add(Labels.FromPairs("__name__", "fed_metric", "i", "1"), now - 10_000, 4);
        server.Store.Add(Labels.FromPairs("__name__", "fed_metric", "i", "2"), now - 10_000, StaleMarker.Value);
        server.Store.Add(Labels.FromPairs("__name__", "fed_metric", "i", "3", "cluster", "own"), now - 10_000, 5);

        var (status, body) = await GetAsync("/federate?match[]=fed_metric");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            $"# TYPE fed_metric untyped\nfed_metric{{cluster=\"lab\",i=\"1\"}} 4 {now - 10_000}\nfed_metric{{cluster=\"own\",i=\"3\"}} 5 {now - 10_000}\n",
            body);
    }

    [Fact]
    public async Task Metrics_CountsRequests()
    {
        await GetAsync("/api/v1/labels");
        var (status, body) = await GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("inferscope_http_requests_total{code=\"200\",handler=\"/api/v1/labels\"}", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE inferscope_samples_rejected_total counter", body, StringComparison.Ordinal);
        Assert.Contains("inferscope_config_last_reload_successful 1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_WithoutAdminToken_Unauthorized401()
    {
        var response = await server.Client.PostAsync("/-/reload", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"InferScope\"", response.Headers.WwwAuthenticate.ToString());
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        var response = await server.Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

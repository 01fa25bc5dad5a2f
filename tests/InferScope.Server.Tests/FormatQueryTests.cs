using System.Net;
using InferScope.Server.Hosting;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

public sealed class FormatQueryTests
{
    [Fact]
    public async Task FormatQuery_PrettyPrints()
    {
        await using var server = await StartAsync();

        var body = await server.Client.GetStringAsync("/api/v1/format_query?query=" + Uri.EscapeDataString("sum by(job)(rate(foo[5m]))/bar"));

        Assert.Equal("""{"status":"success","data":"sum by (job) (rate(foo[5m])) / bar"}""", body);
    }

    [Fact]
    public async Task FormatQuery_SyntaxError_BadData400()
    {
        await using var server = await StartAsync();

        var response = await server.Client.GetAsync("/api/v1/format_query?query=sum(");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("""{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": """, body, StringComparison.Ordinal);
    }

    private static Task<TestServer> StartAsync() =>
        TestServer.StartAsync(components: (store, engine) => new ServerComponents
        {
            QueryEngine = engine,
            Queryable = store,
            Formatter = new PromQLFormatter(),
        });
}

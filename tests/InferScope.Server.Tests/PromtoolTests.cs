using InferScope.Model;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

/// <summary>Debian's promtool, a client_golang program, queries the server as it would Prometheus.</summary>
public sealed class PromtoolTests : IAsyncLifetime
{
    private const string Promtool = "/usr/bin/promtool";
    private const long T0 = 1_700_000_000_000;
    private TestServer server = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            server.Store.Add(Labels.FromPairs("__name__", "llm_requests_total", "endpoint", "chat", "az", "us-east-1a"), T0 + (i * 15_000), 100 + i);
            server.Store.Add(Labels.FromPairs("__name__", "llm_requests_total", "endpoint", "chat", "az", "us-east-1b"), T0 + (i * 15_000), 200 + i);
        }
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Instant_PrintsVector()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(Promtool, "query", "instant", "--time=1700000135", Url, "llm_requests_total{az=\"us-east-1b\"}");

        Assert.True(exitCode == 0, output);
        Assert.Equal("llm_requests_total{az=\"us-east-1b\", endpoint=\"chat\"} => 209 @[1700000135]", output.Trim());
    }

    [Fact]
    public async Task Range_PrintsMatrix()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(
            Promtool, "query", "range", "--start=1700000000", "--end=1700000030", "--step=15s", Url, "llm_requests_total{az=\"us-east-1a\"}");

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            "llm_requests_total{az=\"us-east-1a\", endpoint=\"chat\"} =>\n100 @[1700000000]\n101 @[1700000015]\n102 @[1700000030]",
            output.Trim());
    }

    [Fact]
    public async Task Series_PrintsLabelSets()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(Promtool, "query", "series", "--match=llm_requests_total", "--start=1700000000", "--end=1700000200", Url);

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            "{__name__=\"llm_requests_total\", az=\"us-east-1a\", endpoint=\"chat\"}\n{__name__=\"llm_requests_total\", az=\"us-east-1b\", endpoint=\"chat\"}",
            output.Trim());
    }

    [Fact]
    public async Task Labels_PrintsValues()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(Promtool, "query", "labels", "--start=1700000000", "--end=1700000200", Url, "az");

        Assert.True(exitCode == 0, output);
        Assert.Equal("us-east-1a\nus-east-1b", output.Trim());
    }

    [Fact]
    public async Task Instant_ParseError_ReportsBadData()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(Promtool, "query", "instant", Url, "llm_requests_total{");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("bad_data", output, StringComparison.Ordinal);
    }

    private string Url => server.BaseAddress.ToString().TrimEnd('/');
}

using System.Net;
using InferScope.Server.Replay;
using InferScope.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace InferScope.Server.Tests;

public sealed class ReplayServerTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        app = ReplayServer.Build(SharedData.PathOf("fixtures", "engines"), "127.0.0.1:0", logging => { });
        await app.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Payload_ServedByteForByte()
    {
        var file = SharedData.PathOf("fixtures", "engines", "vllm-v1-0.28-excerpt.prom");

        var response = await client.GetAsync("/vllm-v1-0.28-excerpt/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(file), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Index_ListsOnePathPerFile()
    {
        var index = await client.GetStringAsync("/");
        var files = Directory.GetFiles(SharedData.PathOf("fixtures", "engines"), "*.prom");

        Assert.Equal(files.Select(ReplayServer.PathFor).Order(StringComparer.Ordinal), index.TrimEnd('\n').Split('\n'));
        Assert.Contains("/node-exporter-1.5/metrics", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonPayloadFile_NotServed()
    {
        var response = await client.GetAsync("/SOURCES/metrics");
        var index = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("/SOURCES/metrics", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_NotFound()
    {
        var response = await client.GetAsync("/nothing/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Build_MissingFolder_NamesIt()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => ReplayServer.Build("/nonexistent/payloads", "127.0.0.1:0"));

        Assert.Contains("/nonexistent/payloads", error.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

/// <summary>A body over <c>web.max_request_body_size</c> gets 413 with a message naming the limit and the setting.</summary>
public sealed class BodyLimitTests
{
    private const string Expected =
        "request body is larger than the limit of 1024 bytes set by web.max_request_body_size; send a smaller body or raise web.max_request_body_size\n";

    [Fact]
    public async Task RemoteWrite_OverLimit_NamesSetting()
    {
        await using var serve = await ServeInstance.StartAsync("web:\n  max_request_body_size: 1KB\n");
        using var content = new ByteArrayContent(new byte[4096]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");

        using var response = await serve.Client.PostAsync("/api/v1/write", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(Expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task QueryForm_OverLimit_NamesSetting()
    {
        await using var server = await TestServer.StartAsync("web:\n  max_request_body_size: 1KB\n");
        using var content = new StringContent("query=" + new string('a', 4096), Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await server.Client.PostAsync("/api/v1/query", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(Expected, await response.Content.ReadAsStringAsync());
    }
}

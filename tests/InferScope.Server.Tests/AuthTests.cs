using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync("""
        auth:
          query:
            bearer_token: query-token
          admin:
            basic_auth:
              username: ops
              password: ops-password
        """);

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Query_NoToken_Unauthorized401()
    {
        var response = await server.Client.GetAsync("/api/v1/labels");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Query_RightToken_Ok()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/labels");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "query-token");

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Query_WrongToken_Unauthorized401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/federate?match[]=up");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "query-tokeN");

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Admin_BasicCredentials_Checked()
    {
        var wrong = await PostReloadAsync("ops:nope");
        var right = await PostReloadAsync("ops:ops-password");
        var queryToken = await PostReloadBearerAsync("query-token");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Basic realm=\"InferScope\"", wrong.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, queryToken.StatusCode);
    }

    [Fact]
    public async Task Probes_AlwaysOpen()
    {
        var healthy = await server.Client.GetAsync("/-/healthy");
        var ready = await server.Client.GetAsync("/-/ready");

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task RequestBody_OverLimit_Rejected413()
    {
        await using var small = await TestServer.StartAsync("web:\n  max_request_body_size: 1KB\n");
        using var content = new StringContent("query=" + new string('a', 4096), Encoding.ASCII, "application/x-www-form-urlencoded");

        var response = await small.Client.PostAsync("/api/v1/query", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostReloadAsync(string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/-/reload");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return await server.Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostReloadBearerAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/-/reload");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await server.Client.SendAsync(request);
    }
}

using System.Net;
using System.Net.Http.Headers;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

/// <summary>
/// Every spelling of a write or admin path that ASP.NET Core routing accepts (any case, a trailing
/// slash) needs that group's credentials, over HTTP/1.1 and on the HTTP/2 OTLP gRPC listener.
/// </summary>
public sealed class AuthPathVariantTests : IAsyncLifetime
{
    private const string GrpcExportPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    private readonly int grpcPort = ChildProcess.FreePort();
    private ServeInstance serve = null!;

    public static TheoryData<string> AdminPaths => ["/-/reload", "/-/RELOAD", "/-/reload/", "/-/Reload/"];

    public static TheoryData<string> WritePaths =>
        ["/api/v1/write", "/api/v1/WRITE", "/api/v1/write/", "/API/V1/WRITE", "/v1/metrics", "/V1/METRICS", "/v1/metrics/"];

    public static TheoryData<string> GrpcPaths =>
        [GrpcExportPath, "/OPENTELEMETRY.proto.collector.metrics.v1.MetricsService/Export", GrpcExportPath.ToUpperInvariant(), GrpcExportPath + "/"];

    public async Task InitializeAsync() => serve = await ServeInstance.StartAsync($"""
        web:
          otlp_grpc_listen_address: 127.0.0.1:{grpcPort}
        auth:
          query:
            bearer_token: query-token
          write:
            bearer_token: write-token
          admin:
            bearer_token: admin-token
        """);

    public async Task DisposeAsync() => await serve.DisposeAsync();

    [Theory]
    [MemberData(nameof(AdminPaths))]
    public async Task AdminPath_NeedsAdminToken(string path)
    {
        using var none = await PostAsync(serve.Client, path, token: null);
        using var query = await PostAsync(serve.Client, path, "query-token");
        using var write = await PostAsync(serve.Client, path, "write-token");
        using var admin = await PostAsync(serve.Client, path, "admin-token");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Theory]
    [MemberData(nameof(WritePaths))]
    public async Task WritePath_NeedsWriteToken(string path)
    {
        using var none = await PostAsync(serve.Client, path, token: null);
        using var query = await PostAsync(serve.Client, path, "query-token");
        using var admin = await PostAsync(serve.Client, path, "admin-token");
        using var write = await PostAsync(serve.Client, path, "write-token");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);

        // The receiver itself rejects the empty body, which shows the route matched.
        Assert.NotEqual(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.NotEqual(HttpStatusCode.NotFound, write.StatusCode);
    }

    [Theory]
    [MemberData(nameof(GrpcPaths))]
    public async Task GrpcExport_NeedsWriteToken(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{grpcPort}") };

        using var none = await PostGrpcAsync(client, path, token: null);
        using var query = await PostGrpcAsync(client, path, "query-token");
        using var write = await PostGrpcAsync(client, path, "write-token");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_NeedsQueryToken()
    {
        using var none = await serve.Client.GetAsync("/no/such/path");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent([]) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostGrpcAsync(HttpClient client, string path, string? token)
    {
        // One gRPC frame: not compressed, length 0, so an empty ExportMetricsServiceRequest.
        var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TE.ParseAdd("trailers");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response;
    }
}

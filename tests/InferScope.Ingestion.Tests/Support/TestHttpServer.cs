using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace InferScope.Ingestion.Tests.Support;

/// <summary>
/// A Kestrel server on a free loopback port. Paths return bodies set by the test, and other
/// routes can be mapped by the caller before start.
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Response> responses = new(StringComparer.Ordinal);

    private TestHttpServer(WebApplication app)
    {
        this.app = app;
    }

    public ConcurrentQueue<(string Path, string? Accept)> Requests { get; } = new();

    public int Port { get; private set; }

    public string Address => $"127.0.0.1:{Port}";

    public IServiceProvider Services => app.Services;

    /// <summary>Starts a server; <paramref name="configure"/> may add services and routes.</summary>
    public static async Task<TestHttpServer> StartAsync(
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? configure = null,
        HttpProtocols protocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = protocols));
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        var server = new TestHttpServer(app);
        app.MapGet("/{**path}", server.ServeAsync);
        configure?.Invoke(app);
        await app.StartAsync();
        server.Port = new Uri(app.Urls.First()).Port;
        return server;
    }

    public void Set(string path, string body, string contentType = "text/plain; version=0.0.4", TimeSpan delay = default, int status = 200) =>
        responses[path] = new Response(body, contentType, delay, status);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        Requests.Enqueue((path, context.Request.Headers.Accept.ToString()));
        if (!responses.TryGetValue(path, out var response))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay, context.RequestAborted);
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    private sealed record Response(string Body, string ContentType, TimeSpan Delay, int Status);
}

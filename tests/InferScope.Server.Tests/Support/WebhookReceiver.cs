using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Tests.Support;

/// <summary>A Kestrel listener on a free loopback port that stores each JSON body posted to <c>/{path}</c>.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, JsonElement Body)> received = new();

    private WebhookReceiver(WebApplication app)
    {
        this.app = app;
    }

    public Uri BaseAddress => new(app.Urls.First());

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{path}", async (HttpContext context, string path) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            receiver.received.Enqueue((path, document.RootElement.Clone()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits for a body posted to <paramref name="path"/> that <paramref name="accept"/> accepts.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> accept, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (receivedPath, body) in received)
            {
                if (receivedPath == path && accept(body))
                {
                    return body;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No matching post to /{path} within {timeout.TotalSeconds} s; received: {string.Join("; ", received.Select(r => $"/{r.Path} {r.Body}"))}");
    }

    public IReadOnlyList<(string Path, JsonElement Body)> Received => [.. received];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

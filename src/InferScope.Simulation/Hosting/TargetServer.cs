using System.Net;
using InferScope.Simulation.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InferScope.Simulation.Hosting;

/// <summary>
/// Builds the Kestrel servers of simulated targets on free loopback ports: one server for one
/// target, or one shared server with a path prefix per target.
/// </summary>
internal static class TargetServer
{
    /// <summary>The path prefix of the targets on a shared server; the target's index follows.</summary>
    public const string SharedPrefix = "/targets/";

    private static readonly string[] GetAndPost = [HttpMethods.Get, HttpMethods.Post];

    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        SimulatedFleet fleet, ScrapeTarget target, IPAddress bindAddress, CancellationToken cancellationToken)
    {
        var app = Create(bindAddress);
        var publisher = new MetricsPublisher(fleet, target);
        app.MapGet(target.MetricsPath, context => publisher.ServeAsync(context));
        if (target.Replica is { } replica)
        {
            app.MapGet(HealthPath(replica), context => ServeHealthAsync(context, fleet, replica));
            OpenAiEndpoints.Map(app, fleet, replica);
        }

        return (app, await StartAsync(app, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Starts one server for all <paramref name="targets"/>, with target i served under
    /// <c>/targets/i/</c>. Returns the server and the base address of each target.
    /// </summary>
    public static async Task<(WebApplication App, IReadOnlyList<Uri> Addresses)> StartSharedAsync(
        SimulatedFleet fleet, IReadOnlyList<ScrapeTarget> targets, IPAddress bindAddress, CancellationToken cancellationToken)
    {
        var app = Create(bindAddress);
        var publishers = targets.Select(target => new MetricsPublisher(fleet, target)).ToArray();
        app.MapMethods(SharedPrefix + "{index:int}/{**path}", GetAndPost, (HttpContext context, int index, string? path) =>
            index >= 0 && index < targets.Count
                ? Dispatch(context, fleet, publishers[index], "/" + path)
                : NotFound(context));
        var root = await StartAsync(app, cancellationToken).ConfigureAwait(false);
        var addresses = new Uri[targets.Count];
        for (var i = 0; i < addresses.Length; i++)
        {
            addresses[i] = new Uri(root, SharedPrefix[1..] + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/");
        }

        return (app, addresses);
    }

    private static WebApplication Create(IPAddress bindAddress)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(bindAddress, 0));
        return builder.Build();
    }

    private static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    private static Task Dispatch(HttpContext context, SimulatedFleet fleet, MetricsPublisher publisher, string path)
    {
        var target = publisher.Target;
        var get = HttpMethods.IsGet(context.Request.Method);
        if (get && path == target.MetricsPath)
        {
            return publisher.ServeAsync(context);
        }

        if (target.Replica is { } replica)
        {
            switch (path)
            {
                case "/v1/models" when get:
                    return OpenAiEndpoints.WriteModelsAsync(context, fleet, replica);
                case "/v1/completions" when !get:
                    return OpenAiEndpoints.CompleteAsync(context, fleet, replica, chat: false);
                case "/v1/chat/completions" when !get:
                    return OpenAiEndpoints.CompleteAsync(context, fleet, replica, chat: true);
                default:
                    if (get && path == HealthPath(replica))
                    {
                        return ServeHealthAsync(context, fleet, replica);
                    }

                    break;
            }
        }

        return NotFound(context);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static string HealthPath(SimReplica replica) => replica.EngineKind == Engines.EngineKind.Djl ? "/ping" : "/health";

    private static Task ServeHealthAsync(HttpContext context, SimulatedFleet fleet, SimReplica replica)
    {
        bool serving;
        lock (fleet.SyncRoot)
        {
            serving = replica.Lifecycle.IsServing && !replica.Instance.IsDown;
        }

        context.Response.StatusCode = serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The metrics of one target. A target with its own publish interval serves the same body until
    /// the interval passes, as an exporter that refreshes its values on a timer does.
    /// </summary>
    private sealed class MetricsPublisher(SimulatedFleet fleet, ScrapeTarget target)
    {
        private ScrapeResponse? published;
        private double publishedAt = double.NegativeInfinity;

        public ScrapeTarget Target => target;

        public async Task ServeAsync(HttpContext context)
        {
            ScrapeResponse response;
            lock (fleet.SyncRoot)
            {
                var now = fleet.Now;
                if (published is null || target.IntervalSeconds is not { } interval || now >= publishedAt + interval)
                {
                    published = target.Render(now);
                    publishedAt = target.IntervalSeconds is { } step ? Math.Floor(now / step) * step : now;
                }

                response = published.Value;
            }

            context.Response.StatusCode = response.StatusCode;
            if (response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.ContentType = ScrapeResponse.ContentType;
                await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}

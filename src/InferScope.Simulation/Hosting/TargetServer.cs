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

/// <summary>Builds the Kestrel server of one simulated target on a free loopback port.</summary>
internal static class TargetServer
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        SimulatedFleet fleet, ScrapeTarget target, IPAddress bindAddress, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(bindAddress, 0));
        var app = builder.Build();

        // A target with its own publish interval serves the same body until the interval passes,
        // as an exporter that refreshes its values on a timer does.
        ScrapeResponse? published = null;
        var publishedAt = double.NegativeInfinity;
        app.MapGet(target.MetricsPath, async context =>
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
                await context.Response.WriteAsync(response.Body, context.RequestAborted);
            }
        });

        if (target.Replica is { } replica)
        {
            var healthPath = replica.EngineKind == Engines.EngineKind.Djl ? "/ping" : "/health";
            app.MapGet(healthPath, context =>
            {
                bool serving;
                lock (fleet.SyncRoot)
                {
                    serving = replica.Lifecycle.IsServing && !replica.Instance.IsDown;
                }

                context.Response.StatusCode = serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            });
            OpenAiEndpoints.Map(app, fleet, replica);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }
}

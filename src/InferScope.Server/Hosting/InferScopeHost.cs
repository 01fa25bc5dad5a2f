using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using InferScope.Server.Api;
using InferScope.Server.Configuration;
using InferScope.Server.Dashboard;
using InferScope.Server.Federation;
using InferScope.Server.Security;
using InferScope.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Hosting;

/// <summary>
/// Builds the Kestrel web application of <c>inferscope serve</c>: the Prometheus API, federation,
/// health, reload and self-metrics endpoints, authentication per API group, bounded request bodies
/// and optional TLS.
/// </summary>
public static class InferScopeHost
{
    /// <summary>How long shutdown waits for requests and the store's flush.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Builds the application; <see cref="WebApplication.RunAsync"/> or StartAsync starts it.</summary>
    /// <param name="mapExtra">Maps further routes, such as the push receivers, before the fallback.</param>
    /// <param name="configureServices">Registers services those routes resolve, such as the receivers.</param>
    public static WebApplication Build(
        ServerOptions options,
        InferScopeConfig config,
        ServerComponents components,
        Action<ILoggingBuilder>? configureLogging = null,
        Action<IEndpointRouteBuilder>? mapExtra = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(components);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.MinimumLogLevel);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options, config));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(components);
        builder.Services.AddSingleton(provider => new ConfigManager(
            options.ConfigPath,
            config,
            components.Subscribers,
            components.Metrics,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("InferScope.Configuration")));
        builder.Services.AddSingleton<ServerLifecycle>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ServerLifecycle>());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var configManager = app.Services.GetRequiredService<ConfigManager>();
        var lifecycle = app.Services.GetRequiredService<ServerLifecycle>();
        var bodyLimit = config.Web.MaxRequestBodyBytes;
        app.Use(next => context => ServeWithMetrics(context, next, components.Metrics, bodyLimit));
        app.UseRouting();

        // Authorization runs after routing, so it judges the endpoint that will run, not the path's spelling.
        app.Use(next => context => AuthorizeAsync(context, next, configManager));
        MapOperationalEndpoints(app, components, configManager, lifecycle);
        app.MapGet("/federate", new FederationEndpoint(components, configManager).HandleAsync);
        new PrometheusApi(components, configManager).Map(app);
        mapExtra?.Invoke(app);
        app.MapDashboard(DashboardAssets.Load());
        app.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
        });
        return app;
    }

    /// <summary>Returns the address the server listens on, with the port the OS chose for port 0.</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Urls.First();
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServerOptions options, InferScopeConfig config)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = config.Web.MaxRequestBodyBytes;
        var listen = options.ListenAddress ?? config.Web.ListenAddress;
        var certificate = LoadCertificate(config);

        // With TLS, ALPN selects HTTP/2 for gRPC clients on the main port. Without TLS, Kestrel serves
        // only HTTP/1.1 on a port shared with HTTP/2 (and warns), so the main port offers HTTP/1.1 only.
        var mainProtocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
        Listen(kestrel, config, "web.listen_address", listen, mainProtocols, certificate);
        if (config.Web.OtlpGrpcListenAddress is { } grpcListen)
        {
            // Cleartext gRPC needs an HTTP/2-only listener, because Kestrel negotiates HTTP/2 on a
            // shared port only through TLS.
            Listen(kestrel, config, "web.otlp_grpc_listen_address", grpcListen, HttpProtocols.Http2, certificate);
        }
    }

    private static X509Certificate2? LoadCertificate(InferScopeConfig config)
    {
        if (config.Web.TlsCertFile is not { } certFile || config.Web.TlsKeyFile is not { } keyFile)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConfigException(
                config.SourcePath,
                [new ConfigError("web.tls", 0, 0, $"cannot load the certificate {certFile} with the key {keyFile}: {e.Message}; give PEM files of one certificate and its private key")]);
        }
    }

    private static void Listen(
        KestrelServerOptions kestrel, InferScopeConfig config, string field, string listen, HttpProtocols protocols, X509Certificate2? certificate)
    {
        if (!ListenAddress.TryParse(listen, out var address, out var error))
        {
            throw new ConfigException(config.SourcePath, [new ConfigError(field, 0, 0, error)]);
        }

        void Configure(ListenOptions listenOptions)
        {
            listenOptions.Protocols = protocols;
            if (certificate is not null)
            {
                listenOptions.UseHttps(certificate);
            }
        }

        switch (address.Host)
        {
            case "":
                kestrel.ListenAnyIP(address.Port, Configure);
                break;
            case "localhost":
                kestrel.ListenLocalhost(address.Port, Configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(address.Host), address.Port, Configure);
                break;
        }
    }

    private static void MapOperationalEndpoints(WebApplication app, ServerComponents components, ConfigManager config, ServerLifecycle lifecycle)
    {
        app.MapMethods("/-/healthy", [HttpMethods.Get, HttpMethods.Head], context =>
            WriteText(context, StatusCodes.Status200OK, "InferScope is Healthy.\n")).RequireApiGroup(ApiGroup.Open);
        app.MapMethods("/-/ready", [HttpMethods.Get, HttpMethods.Head], context => lifecycle.IsReady
            ? WriteText(context, StatusCodes.Status200OK, "InferScope is Ready.\n")
            : WriteText(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable\n")).RequireApiGroup(ApiGroup.Open);
        app.Map("/-/reload", async context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method))
            {
                await WriteText(context, StatusCodes.Status405MethodNotAllowed, "Only POST or PUT requests allowed\n");
                return;
            }

            var error = await config.ReloadAsync(context.RequestAborted);
            if (error is null)
            {
                await WriteText(context, StatusCodes.Status200OK, string.Empty);
            }
            else
            {
                await WriteText(context, StatusCodes.Status500InternalServerError, $"failed to reload config: {error}\n");
            }
        }).RequireApiGroup(ApiGroup.Admin);
        app.MapGet("/metrics", context =>
        {
            var writer = new MetricsTextWriter();
            components.Metrics.WriteMetrics(writer, PrometheusApi.ProductVersion);
            foreach (var source in components.MetricsSources)
            {
                source.WriteMetrics(writer);
            }

            context.Response.ContentType = MetricsTextWriter.ContentType;
            return context.Response.WriteAsync(writer.ToString(), Encoding.UTF8, context.RequestAborted);
        });
    }

    private static async Task ServeWithMetrics(HttpContext context, RequestDelegate next, ServerMetrics metrics, long bodyLimit)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await next(context);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            // Kestrel stops reading at the limit and would return 413 with an empty body.
            await WriteText(context, StatusCodes.Status413PayloadTooLarge, string.Create(
                CultureInfo.InvariantCulture,
                $"request body is larger than the limit of {bodyLimit} bytes set by web.max_request_body_size; send a smaller body or raise web.max_request_body_size\n"));
        }

        metrics.RecordRequest(HandlerName(context), context.Response.StatusCode, stopwatch.Elapsed);
    }

    private static Task AuthorizeAsync(HttpContext context, RequestDelegate next, ConfigManager config)
    {
        var auth = config.Current.Auth;
        if (ApiAuthentication.IsAuthorized(context.Request, auth))
        {
            return next(context);
        }

        var settings = ApiAuthentication.GroupOf(context) switch
        {
            ApiGroup.Write => auth.Write,
            ApiGroup.Admin => auth.Admin,
            _ => auth.Query,
        };
        context.Response.Headers.WWWAuthenticate = ApiAuthentication.Challenge(settings!);
        return WriteText(context, StatusCodes.Status401Unauthorized, "Unauthorized\n");
    }

    /// <summary>Names a request by its route pattern, so label values stay few: unknown paths share one name.</summary>
    private static string HandlerName(HttpContext context)
    {
        var endpoint = context.GetEndpoint() as RouteEndpoint;
        var pattern = endpoint?.RoutePattern.RawText;
        return pattern is null || pattern.Contains("**", StringComparison.Ordinal) ? "other" : pattern;
    }

    private static Task WriteText(HttpContext context, int statusCode, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return text.Length == 0 ? Task.CompletedTask : context.Response.WriteAsync(text, context.RequestAborted);
    }
}

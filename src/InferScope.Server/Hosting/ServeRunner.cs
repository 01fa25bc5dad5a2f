using System.Net;
using InferScope.Analysis.Rules;
using InferScope.Analysis.Scaling;
using InferScope.Ingestion.Otlp;
using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Ingestion.Scraping;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model.Storage;
using InferScope.Server.Api;
using InferScope.Server.Configuration;
using InferScope.Server.Findings;
using InferScope.Server.Ingestion;
using InferScope.Server.Metadata;
using InferScope.Server.Rules;
using InferScope.Server.Security;
using InferScope.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Hosting;

/// <summary>Runs <c>inferscope serve</c>: opens the store named by the configuration and serves until stopped.</summary>
public static class ServeRunner
{
    /// <summary>Loads the configuration, opens storage and runs the server until the token or a signal stops it.</summary>
    /// <exception cref="ConfigException">The configuration file or a rule file it names is invalid.</exception>
    public static async Task RunAsync(ServerOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var config = await ConfigLoader.LoadFileAsync(options.ConfigPath, cancellationToken).ConfigureAwait(false);

        // Rule files are checked before the store opens, so a bad one stops serve with the same error
        // as the rest of the configuration instead of failing inside the host's start.
        RuleFileLoader.Load(config);

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.MinimumLogLevel));
        using var storage = ServeStorage.Open(config, options.DataDir ?? config.Storage.DataDir, loggerFactory);
        var metadata = new MetadataCatalog();
        var metrics = new ServerMetrics();
        IAppendable appendable = new InstrumentedAppendable(storage.Appendable, metadata, metrics);
        var engine = storage.QueryEngine;

        var findings = new ConfiguredFindings(engine, loggerFactory);
        var scaling = new ScalingAdvisor(engine, new ScalingPolicy());
        using var scrapeClient = new HttpClient();
        var ingestionMetrics = new IngestionMetrics();
        var scrapeManager = new ScrapeManager(
            appendable,
            ExpositionPayloadDecoder.Instance,
            EnginePayloadNormalizer.Instance,
            scrapeClient,
            ingestionMetrics,
            loggerFactory.CreateLogger<ScrapeManager>());
        var scraping = new ScrapeManagerBridge(scrapeManager);
        var queryLimits = new QueryLimitsSubscriber(
            config.Storage.Mode == StorageMode.Local ? config.Query : null,
            loggerFactory.CreateLogger<QueryLimitsSubscriber>());

        using var alertClient = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var alertSenders = new ConfiguredAlertSenders(alertClient, loggerFactory.CreateLogger<ConfiguredAlertSenders>());
        var rules = new RuleManagerBridge(new RuleManager(
            engine,
            appendable,
            [alertSenders],
            // NOTE: external labels and the external URL of sent alerts are read at start, not on reload.
            new RuleManagerOptions { ExternalLabels = config.Global.ExternalLabels, ExternalUrl = ExternalUrl(options, config) },
            loggerFactory.CreateLogger<RuleManager>()));
        var components = new ServerComponents
        {
            QueryEngine = engine,
            Formatter = new PromQLFormatter(),
            Queryable = storage.Queryable,
            Targets = scraping,
            Rules = rules,

            // The alert receivers come before the rules, so the first evaluation already has them.
            Subscribers = [findings, alertSenders, scraping, rules, queryLimits],
            MetricsSources = [new IngestionMetricsSource(ingestionMetrics), .. storage.MetricsSources],
            Storage = storage.ShutdownStorage,
            Metadata = metadata,
            Metrics = metrics,
        };
        var pushOptions = new PushReceiverOptions { MaxBodyBytes = config.Web.MaxRequestBodyBytes };
        var app = InferScopeHost.Build(
            options,
            config,
            components,
            mapExtra: routes =>
            {
                routes.MapRemoteWrite().RequireApiGroup(ApiGroup.Write);
                routes.MapOtlpHttpMetrics().RequireApiGroup(ApiGroup.Write);
                routes.MapOtlpGrpcMetrics().RequireApiGroup(ApiGroup.Write);
                routes.MapAnalysis(() => findings.Current, scaling, loggerFactory.CreateLogger(typeof(AnalysisEndpoints)));
            },
            configureServices: services =>
            {
                services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = (int)Math.Min(config.Web.MaxRequestBodyBytes, int.MaxValue));
                services.AddSingleton(provider => new RemoteWriteReceiver(appendable, ingestionMetrics, loggerFactory.CreateLogger<RemoteWriteReceiver>(), pushOptions));
                services.AddSingleton(provider => new OtlpMetricsReceiver(appendable, ingestionMetrics, loggerFactory.CreateLogger<OtlpMetricsReceiver>(), pushOptions));
            });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var url in app.Urls)
        {
            await output.WriteLineAsync($"InferScope serving {storage.Description} at {url}").ConfigureAwait(false);
        }

        options.OnStarted?.Invoke([.. app.Urls]);

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Returns <c>web.external_url</c>, else the listen address with this machine's host name for a wildcard host.</summary>
    private static Uri ExternalUrl(ServerOptions options, InferScopeConfig config)
    {
        if (config.Web.ExternalUrl is { } configured)
        {
            return configured;
        }

        var scheme = config.Web.TlsCertFile is null ? "http" : "https";
        if (!ListenAddress.TryParse(options.ListenAddress ?? config.Web.ListenAddress, out var address, out _))
        {
            return new Uri($"{scheme}://localhost:{WebConfig.DefaultPort}/");
        }

        var host = address.Host is "" or "0.0.0.0" or "::" ? Dns.GetHostName() : address.Host;
        return new UriBuilder(scheme, host, address.Port, "/").Uri;
    }
}

using InferScope.Analysis.Diagnosis;
using InferScope.Analysis.Rules;
using InferScope.Analysis.Scaling;
using InferScope.Ingestion.Otlp;
using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Ingestion.Scraping;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model.Storage;
using InferScope.PromQL;
using InferScope.Server.Api;
using InferScope.Server.Configuration;
using InferScope.Server.Ingestion;
using InferScope.Server.Metadata;
using InferScope.Server.Rules;
using InferScope.Server.Telemetry;
using InferScope.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Hosting;

/// <summary>Runs <c>inferscope serve</c>: opens the store named by the configuration and serves until stopped.</summary>
public static class ServeRunner
{
    /// <summary>Loads the configuration, opens storage and runs the server until the token or a signal stops it.</summary>
    /// <exception cref="ConfigException">The configuration file is invalid.</exception>
    public static async Task RunAsync(ServerOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var config = await ConfigLoader.LoadFileAsync(options.ConfigPath, cancellationToken).ConfigureAwait(false);
        if (config.Storage.Mode == StorageMode.Remote)
        {
            // TODO: remote mode needs the remote-write sender and the remote query engine.
            throw new ConfigException(config.SourcePath, [new ConfigError("storage.mode", 0, 0, "remote storage is not supported by serve yet; use mode: local")]);
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(options.MinimumLogLevel));
        var dataDir = options.DataDir ?? config.Storage.DataDir;
        var tsdb = Tsdb.Open(
            dataDir,
            new TsdbOptions { RetentionTime = config.Storage.RetentionTime, RetentionSizeBytes = config.Storage.RetentionSizeBytes },
            loggerFactory);
        var metadata = new MetadataCatalog();
        var metrics = new ServerMetrics();
        IAppendable appendable = new InstrumentedAppendable(tsdb, metadata, metrics);

        using var engine = new LocalQueryEngine(tsdb, logger: loggerFactory.CreateLogger<LocalQueryEngine>());
        // NOTE: diagnosis uses its default objectives; the endpoints' slo and benchmark blocks are not passed in yet.
        var findings = new FindingsService(engine, new DiagnosisOptions(), loggerFactory);
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

        // TODO: pass Alertmanager and webhook senders from the alerting block; alerts are listed by
        // the API but not yet sent anywhere.
        var rules = new RuleManagerBridge(new RuleManager(
            engine,
            appendable,
            [],
            new RuleManagerOptions { ExternalLabels = config.Global.ExternalLabels },
            loggerFactory.CreateLogger<RuleManager>()));
        var components = new ServerComponents
        {
            QueryEngine = engine,
            Formatter = new PromQLFormatter(),
            Queryable = tsdb,
            Targets = scraping,
            Rules = rules,
            Subscribers = [scraping, rules],
            MetricsSources = [new IngestionMetricsSource(ingestionMetrics), new StorageMetricsSource(tsdb)],
            Storage = new DisposeOnShutdown(tsdb),
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
                routes.MapRemoteWrite();
                routes.MapOtlpHttpMetrics();
                routes.MapAnalysis(findings, scaling, loggerFactory.CreateLogger(typeof(AnalysisEndpoints)));
            },
            configureServices: services =>
            {
                services.AddSingleton(provider => new RemoteWriteReceiver(appendable, ingestionMetrics, loggerFactory.CreateLogger<RemoteWriteReceiver>(), pushOptions));
                services.AddSingleton(provider => new OtlpMetricsReceiver(appendable, ingestionMetrics, loggerFactory.CreateLogger<OtlpMetricsReceiver>(), pushOptions));
            });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var url in app.Urls)
        {
            await output.WriteLineAsync($"InferScope serving {dataDir} at {url}").ConfigureAwait(false);
        }

        options.OnStarted?.Invoke([.. app.Urls]);

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

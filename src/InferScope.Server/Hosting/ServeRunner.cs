using InferScope.Model.Storage;
using InferScope.PromQL;
using InferScope.Server.Configuration;
using InferScope.Server.Metadata;
using InferScope.Server.Telemetry;
using InferScope.Storage;
using Microsoft.AspNetCore.Builder;
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

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var dataDir = options.DataDir ?? config.Storage.DataDir;
        var tsdb = Tsdb.Open(
            dataDir,
            new TsdbOptions { RetentionTime = config.Storage.RetentionTime, RetentionSizeBytes = config.Storage.RetentionSizeBytes },
            loggerFactory);
        var metadata = new MetadataCatalog();
        var metrics = new ServerMetrics();
        IAppendable appendable = new InstrumentedAppendable(tsdb, metadata, metrics);

        // TODO: wire the scrape manager, the push receivers (both appending to `appendable`) and the
        // rule evaluator; until then serve queries only the data already in the data folder.
        _ = appendable;
        using var engine = new LocalQueryEngine(tsdb, logger: loggerFactory.CreateLogger<LocalQueryEngine>());
        var components = new ServerComponents
        {
            QueryEngine = engine,
            Formatter = new PromQLFormatter(),
            Queryable = tsdb,
            Storage = new DisposeOnShutdown(tsdb),
            Metadata = metadata,
            Metrics = metrics,
        };
        var app = InferScopeHost.Build(options, config, components);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var url in app.Urls)
        {
            await output.WriteLineAsync($"InferScope serving {dataDir} at {url}").ConfigureAwait(false);
        }

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

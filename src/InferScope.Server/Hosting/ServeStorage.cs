using InferScope.Ingestion.RemoteWrite;
using InferScope.Model.Storage;
using InferScope.PromQL;
using InferScope.PromQL.Remote;
using InferScope.Server.Configuration;
using InferScope.Server.Storage;
using InferScope.Server.Telemetry;
using InferScope.Storage;
using Microsoft.Extensions.Logging;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.Server.Hosting;

/// <summary>
/// The store <c>inferscope serve</c> writes to and reads from, chosen by <c>storage.mode</c>: the
/// embedded TSDB in the data folder, or a remote Prometheus-compatible system reached by remote write
/// and its HTTP query API.
/// </summary>
internal sealed class ServeStorage : IDisposable
{
    private readonly List<IDisposable> owned = [];

    private ServeStorage()
    {
    }

    /// <summary>The write side, before the server's instrumentation wraps it.</summary>
    public required IAppendable Appendable { get; init; }

    public required IQueryable Queryable { get; init; }

    public required IQueryEngine QueryEngine { get; init; }

    /// <summary>Flushed and closed by the server on shutdown, after the last append; null when nothing needs it.</summary>
    public IAsyncDisposable? ShutdownStorage { get; init; }

    public IReadOnlyList<ISelfMetricsSource> MetricsSources { get; init; } = [];

    /// <summary>Where the samples go, for the start-up line.</summary>
    public required string Description { get; init; }

    public static ServeStorage Open(InferScopeConfig config, string dataDir, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Storage.Mode == StorageMode.Remote
            ? OpenRemote(config.Storage, loggerFactory)
            : OpenLocal(config.Storage, config.Query, dataDir, loggerFactory);
    }

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    private static ServeStorage OpenLocal(StorageConfig config, QueryConfig query, string dataDir, ILoggerFactory loggerFactory)
    {
        var tsdb = Tsdb.Open(
            dataDir,
            new TsdbOptions { RetentionTime = config.RetentionTime, RetentionSizeBytes = config.RetentionSizeBytes },
            loggerFactory);
        var engine = new LocalQueryEngine(tsdb, query.ToEngineOptions(), loggerFactory.CreateLogger<LocalQueryEngine>());
        var storage = new ServeStorage
        {
            Appendable = tsdb,
            Queryable = tsdb,
            QueryEngine = engine,
            ShutdownStorage = new DisposeOnShutdown(tsdb),
            MetricsSources = [new StorageMetricsSource(tsdb)],
            Description = dataDir,
        };
        storage.owned.Add(engine);
        return storage;
    }

    private static ServeStorage OpenRemote(StorageConfig config, ILoggerFactory loggerFactory)
    {
        // The loader rejects remote mode without both URLs.
        var writeUrl = config.RemoteWriteUrl!;
        var readUrl = config.RemoteReadUrl!;
        var writeClient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var queryClient = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var storage = new ServeStorage
        {
            Appendable = new RemoteWriteStorage(
                writeClient,
                new RemoteWriteSenderOptions { Url = writeUrl },
                loggerFactory.CreateLogger<RemoteWriteStorage>()),
            Queryable = new RemoteQueryable(queryClient, readUrl),
            QueryEngine = new RemoteQueryEngine(queryClient, readUrl),
            Description = $"remote write to {writeUrl}, queries to {readUrl}",
        };
        storage.owned.Add(writeClient);
        storage.owned.Add(queryClient);
        return storage;
    }
}

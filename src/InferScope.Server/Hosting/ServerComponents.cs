using InferScope.Model.Storage;
using InferScope.PromQL;
using InferScope.Server.Metadata;
using InferScope.Server.Rules;
using InferScope.Server.Targets;
using InferScope.Server.Telemetry;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.Server.Hosting;

/// <summary>
/// The parts the server is built from. The query engine and the store are required; every other part
/// is optional, and the endpoints that need a missing part answer with empty data or 503.
/// </summary>
public sealed class ServerComponents
{
    public required IQueryEngine QueryEngine { get; init; }

    /// <summary>The read side of the store, for series, labels, federation and TSDB statistics.</summary>
    public required IQueryable Queryable { get; init; }

    public IQueryFormatter? Formatter { get; init; }

    public ITargetStatusSource? Targets { get; init; }

    public IRuleStatusSource? Rules { get; init; }

    /// <summary>
    /// Components that follow the configuration: the scrape manager, the rule evaluator. They get each
    /// configuration in this order, and those that are <see cref="IAsyncDisposable"/> are disposed in
    /// reverse order at shutdown.
    /// </summary>
    public IReadOnlyList<IConfigSubscriber> Subscribers { get; init; } = [];

    public IReadOnlyList<ISelfMetricsSource> MetricsSources { get; init; } = [];

    /// <summary>
    /// Disposed last on shutdown, after every subscriber stopped, so its write-ahead log is flushed
    /// with nothing left writing to it.
    /// </summary>
    public IAsyncDisposable? Storage { get; init; }

    public MetadataCatalog Metadata { get; init; } = new();

    public ServerMetrics Metrics { get; init; } = new();
}

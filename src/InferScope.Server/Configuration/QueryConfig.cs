using InferScope.PromQL.Engine;

namespace InferScope.Server.Configuration;

/// <summary>
/// The <c>query</c> block: the limits of the embedded PromQL engine, as Prometheus sets them with its
/// <c>--query.*</c> flags. The four limits Prometheus also has default to its values. The limits apply
/// only in local storage mode and only at start.
/// </summary>
public sealed record QueryConfig
{
    /// <summary>The longest <see cref="Timeout"/> accepted, 49 days, just under what a .NET timer can wait.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(49);

    /// <summary>How far back an instant selector looks for the newest sample; Prometheus's <c>--query.lookback-delta</c>.</summary>
    public TimeSpan LookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a query may run; Prometheus's <c>--query.timeout</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The maximum samples one query may hold in memory at once; Prometheus's <c>--query.max-samples</c>.</summary>
    public long MaxSamples { get; init; } = 50_000_000;

    /// <summary>The maximum queries that run at once, for the API, rules and diagnosis together; Prometheus's <c>--query.max-concurrency</c>.</summary>
    public int MaxConcurrency { get; init; } = 20;

    /// <summary>The maximum threads one query uses to decode the series a selector reads; the engine uses at most the processor count.</summary>
    public int ReadParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Returns the engine options with these limits and the engine's defaults for everything else.</summary>
    public QueryEngineOptions ToEngineOptions() => new()
    {
        LookbackDelta = LookbackDelta,
        Timeout = Timeout,
        MaxSamples = MaxSamples,
        MaxConcurrentQueries = MaxConcurrency,
        MaxReadParallelism = ReadParallelism,
    };
}

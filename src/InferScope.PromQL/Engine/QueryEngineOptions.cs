namespace InferScope.PromQL.Engine;

/// <summary>Settings of the local engine. The defaults match a stock Prometheus server.</summary>
public sealed class QueryEngineOptions
{
    /// <summary>How far back an instant selector looks for the newest sample.</summary>
    public TimeSpan LookbackDelta { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a query may run before it fails with <see cref="QueryErrorType.Timeout"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most samples a query may hold in memory at once.</summary>
    public long MaxSamples { get; set; } = 50_000_000;

    /// <summary>The most steps a range query may have.</summary>
    public int MaxPointsPerSeries { get; set; } = 11_000;

    /// <summary>The most queries that run at once; more wait for a free slot.</summary>
    public int MaxConcurrentQueries { get; set; } = 20;

    /// <summary>How many threads one query may use to decode the series a selector reads; 1 reads on the query's own thread.</summary>
    public int MaxReadParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>The resolution of a subquery written without a step, <c>x[10m:]</c>.</summary>
    public TimeSpan DefaultSubqueryStep { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Removes <c>__name__</c> at the end of evaluation instead of at each function or operator, as
    /// Prometheus does with the <c>promql-delayed-name-removal</c> feature.
    /// </summary>
    public bool DelayedNameRemoval { get; set; }

    /// <summary>The deepest nesting of parentheses, calls and operators a query may have.</summary>
    public int MaxNestingDepth { get; set; } = 256;
}

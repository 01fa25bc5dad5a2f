namespace InferScope.PromQL;

/// <summary>
/// The query interface that analysis, rules and the dashboard use. One implementation evaluates
/// PromQL over the embedded store; the other sends the query to a remote Prometheus-compatible
/// HTTP API, so callers work unchanged on either.
/// </summary>
public interface IQueryEngine
{
    /// <exception cref="QueryException">The query is invalid, timed out, was canceled or failed.</exception>
    Task<QueryResult> InstantQueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <exception cref="QueryException">The query is invalid, timed out, was canceled or failed.</exception>
    Task<QueryResult> RangeQueryAsync(
        string query,
        DateTimeOffset start,
        DateTimeOffset end,
        TimeSpan step,
        CancellationToken cancellationToken = default);
}

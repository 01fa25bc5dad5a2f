using InferScope.PromQL;

namespace InferScope.Server.Hosting;

/// <summary>
/// The query engine used while no PromQL engine is wired in: every query fails with the
/// <c>unavailable</c> error type (HTTP 503), while series, labels, metadata and federation, which read
/// the store directly, keep working.
/// </summary>
public sealed class UnavailableQueryEngine : IQueryEngine
{
    private const string Message = "PromQL evaluation is not available in this build; series, labels and /federate still work";

    public Task<QueryResult> InstantQueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        throw new QueryException(QueryErrorType.Unavailable, Message);

    public Task<QueryResult> RangeQueryAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
        throw new QueryException(QueryErrorType.Unavailable, Message);
}

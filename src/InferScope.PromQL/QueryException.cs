namespace InferScope.PromQL;

/// <summary>A query that failed, with the Prometheus error type that the HTTP API reports.</summary>
public sealed class QueryException : Exception
{
    public QueryException()
    {
    }

    public QueryException(string message)
        : base(message)
    {
    }

    public QueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QueryException(QueryErrorType errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
    }

    public QueryErrorType ErrorType { get; } = QueryErrorType.Execution;
}

namespace InferScope.PromQL;

/// <summary>The error types of Prometheus's HTTP API, sent as <c>errorType</c>.</summary>
public enum QueryErrorType
{
    BadData,
    Timeout,
    Canceled,
    Execution,
    Internal,
    Unavailable,
}

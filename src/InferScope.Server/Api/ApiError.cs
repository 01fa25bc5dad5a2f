using InferScope.PromQL;

namespace InferScope.Server.Api;

/// <summary>
/// An error answer of the Prometheus API: its <c>errorType</c>, HTTP status and message. The mapping
/// from error type to status lives only here: bad_data 400, execution 422, canceled 499 (as in
/// Prometheus 2.43 and later; 2.42 sent 503), timeout 503, unavailable 503, internal 500, not_found 404.
/// </summary>
public sealed class ApiError : Exception
{
    public ApiError()
        : this("internal", "unknown error")
    {
    }

    public ApiError(string message)
        : this("internal", message)
    {
    }

    public ApiError(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "internal";
    }

    public ApiError(string errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
    }

    /// <summary>The <c>errorType</c> string, such as <c>bad_data</c>.</summary>
    public string ErrorType { get; }

    public int StatusCode => StatusFor(ErrorType);

    public static ApiError BadData(string message) => new("bad_data", message);

    /// <summary>A bad request parameter, worded as Prometheus does: <c>invalid parameter "name": cause</c>.</summary>
    public static ApiError InvalidParameter(string name, string cause) => new("bad_data", $"invalid parameter \"{name}\": {cause}");

    public static ApiError FromQuery(QueryException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var type = exception.ErrorType switch
        {
            QueryErrorType.BadData => "bad_data",
            QueryErrorType.Timeout => "timeout",
            QueryErrorType.Canceled => "canceled",
            QueryErrorType.Execution => "execution",
            QueryErrorType.Unavailable => "unavailable",
            _ => "internal",
        };
        return new ApiError(type, exception.Message, exception);
    }

    public static int StatusFor(string errorType) => errorType switch
    {
        "bad_data" => 400,
        "execution" => 422,
        "canceled" => 499,
        "timeout" => 503,
        "unavailable" => 503,
        "not_found" => 404,
        "not_acceptable" => 406,
        _ => 500,
    };
}

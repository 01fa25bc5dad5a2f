using InferScope.Ingestion.Otlp;
using InferScope.Ingestion.RemoteWrite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InferScope.Ingestion.Push;

/// <summary>
/// Mounts the push receivers on ASP.NET Core routes. Each method returns the route's builder, so
/// the server can add authorization and request size limits to it.
/// </summary>
public static class PushEndpointRouteBuilderExtensions
{
    /// <summary>The path Prometheus's own receiver uses for remote write.</summary>
    public const string RemoteWritePath = "/api/v1/write";

    /// <summary>The OTLP/HTTP metrics path.</summary>
    public const string OtlpMetricsPath = "/v1/metrics";

    /// <summary>
    /// Maps POST <paramref name="pattern"/> to the <see cref="RemoteWriteReceiver"/> registered in
    /// the service provider.
    /// </summary>
    public static IEndpointConventionBuilder MapRemoteWrite(this IEndpointRouteBuilder endpoints, string pattern = RemoteWritePath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, async (HttpContext context, RemoteWriteReceiver receiver) =>
        {
            var result = await receiver.HandleAsync(context.Request.Body, HeadersOf(context.Request), context.RequestAborted);
            await WriteAsync(context.Response, result);
        });
    }

    /// <summary>
    /// Maps POST <paramref name="pattern"/> to the <see cref="OtlpMetricsReceiver"/> registered in
    /// the service provider, for OTLP/HTTP with protobuf or JSON bodies.
    /// </summary>
    public static IEndpointConventionBuilder MapOtlpHttpMetrics(this IEndpointRouteBuilder endpoints, string pattern = OtlpMetricsPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, async (HttpContext context, OtlpMetricsReceiver receiver) =>
        {
            var result = await receiver.HandleHttpAsync(context.Request.Body, HeadersOf(context.Request), context.RequestAborted);
            await WriteAsync(context.Response, result);
        });
    }

    /// <summary>
    /// Maps the OTLP gRPC metrics service. The service collection needs <c>AddGrpc()</c> and an
    /// <see cref="OtlpMetricsReceiver"/>; gRPC needs an HTTP/2 listener.
    /// </summary>
    public static IEndpointConventionBuilder MapOtlpGrpcMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGrpcService<OtlpMetricsGrpcService>();
    }

    private static PushRequestHeaders HeadersOf(HttpRequest request) => new(
        request.ContentType,
        request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding ? encoding : null,
        request.Headers["X-Prometheus-Remote-Write-Version"].ToString() is { Length: > 0 } version ? version : null);

    private static async Task WriteAsync(HttpResponse response, Push.PushResult result)
    {
        response.StatusCode = result.StatusCode;
        if (!result.Body.IsEmpty)
        {
            response.ContentType = result.ContentType;
            await response.Body.WriteAsync(result.Body);
        }
        else if (!result.IsSuccess)
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(result.Message + "\n");
        }
    }
}

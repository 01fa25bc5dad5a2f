using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InferScope.Server.Dashboard;

/// <summary>Maps the dashboard's files at the site root.</summary>
public static class DashboardEndpoints
{
    // Scripts and styles come only from this server; label values are never interpreted as markup.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints, DashboardAssets assets)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(assets);
        foreach (var path in new[] { "/", "/index.html", "/app.js", "/app.css" })
        {
            endpoints.MapGet(path, (HttpContext context) => Serve(context, assets, path));
        }

        return endpoints;
    }

    private static IResult Serve(HttpContext context, DashboardAssets assets, string path)
    {
        if (!assets.TryGet(path, out var asset))
        {
            return Results.Text(
                "The dashboard was not built into this server. Build src/InferScope.Server with Node.js and npm on PATH.",
                "text/plain",
                statusCode: StatusCodes.Status404NotFound);
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}

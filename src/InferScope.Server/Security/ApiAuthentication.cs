using System.Security.Cryptography;
using System.Text;
using InferScope.Server.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InferScope.Server.Security;

/// <summary>
/// Checks the bearer token or basic credentials of each request against its API group's settings.
/// Credentials are compared in constant time; the configuration in force is read per request, so a
/// reload changes them at once.
/// </summary>
public static class ApiAuthentication
{
    /// <summary>
    /// Returns the group of the endpoint that routing matched for the request: its
    /// <see cref="ApiGroupMetadata"/>, else the group of its route pattern. A request that matched no
    /// endpoint is classified by its path.
    /// </summary>
    public static ApiGroup GroupOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ApiGroupMetadata>() is { } metadata)
        {
            return metadata.Group;
        }

        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern })
        {
            return GroupOf(new PathString(pattern.StartsWith('/') ? pattern : "/" + pattern));
        }

        return GroupOf(context.Request.Path);
    }

    /// <summary>
    /// Returns the group a path belongs to. Matching ignores case and trailing slashes, as ASP.NET Core
    /// routing does, so every spelling that reaches an endpoint gets that endpoint's group.
    /// </summary>
    public static ApiGroup GroupOf(PathString path)
    {
        var value = (path.Value ?? string.Empty).TrimEnd('/').ToLowerInvariant();
        if (value is "/-/healthy" or "/-/ready")
        {
            return ApiGroup.Open;
        }

        if (value is "/-/reload" or "/-/quit" || value.StartsWith("/api/v1/admin/", StringComparison.Ordinal))
        {
            return ApiGroup.Admin;
        }

        if (value is "/api/v1/write" or "/v1/metrics"
            || value.StartsWith("/api/v1/otlp/", StringComparison.Ordinal)
            || value.StartsWith("/opentelemetry.proto.", StringComparison.Ordinal))
        {
            return ApiGroup.Write;
        }

        return ApiGroup.Query;
    }

    /// <summary>Returns whether the request carries credentials the group accepts; an unconfigured group accepts all.</summary>
    public static bool IsAuthorized(HttpRequest request, AuthConfig auth)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(auth);
        var settings = GroupOf(request.HttpContext) switch
        {
            ApiGroup.Query => auth.Query,
            ApiGroup.Write => auth.Write,
            ApiGroup.Admin => auth.Admin,
            _ => null,
        };
        if (settings is null)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (settings.BearerToken is { Length: > 0 } token && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return FixedTimeEquals(header["Bearer ".Length..].Trim(), token);
        }

        if (settings.BasicUsername is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            // Both comparisons always run, so the timing does not reveal which part was wrong.
            var userMatches = FixedTimeEquals(decoded[..colon], settings.BasicUsername);
            var passwordMatches = FixedTimeEquals(decoded[(colon + 1)..], settings.BasicPassword ?? string.Empty);
            return userMatches & passwordMatches;
        }

        return false;
    }

    /// <summary>Returns the <c>WWW-Authenticate</c> challenge for a group's settings.</summary>
    public static string Challenge(ApiAuthConfig settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.BasicUsername is not null ? "Basic realm=\"InferScope\"" : "Bearer realm=\"InferScope\"";
    }

    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

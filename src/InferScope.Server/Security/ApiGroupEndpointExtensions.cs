using Microsoft.AspNetCore.Builder;

namespace InferScope.Server.Security;

/// <summary>Tags mapped routes with the API group whose credentials they require.</summary>
public static class ApiGroupEndpointExtensions
{
    /// <summary>Adds <see cref="ApiGroupMetadata"/> for <paramref name="group"/> to every endpoint of the builder.</summary>
    public static TBuilder RequireApiGroup<TBuilder>(this TBuilder builder, ApiGroup group)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new ApiGroupMetadata(group));
    }
}

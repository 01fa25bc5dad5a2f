namespace InferScope.Server.Security;

/// <summary>
/// Endpoint metadata naming the API group whose credentials a route requires. The authorization
/// middleware reads it from the endpoint that routing matched, so the request path's case or a
/// trailing slash cannot move a route into a laxer group.
/// </summary>
public sealed record ApiGroupMetadata(ApiGroup Group);

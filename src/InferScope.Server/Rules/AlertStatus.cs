using InferScope.Model;

namespace InferScope.Server.Rules;

/// <summary>An active alert: <c>pending</c> while its <c>for</c> duration runs, then <c>firing</c>.</summary>
public sealed record AlertStatus(Labels Labels, Labels Annotations, string State, DateTimeOffset ActiveAt, double Value);

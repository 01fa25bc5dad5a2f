using InferScope.Model;

namespace InferScope.Analysis.Notifications;

/// <summary>
/// An alert as sent to a receiver. <see cref="EndsAt"/> is the resolve time of a resolved alert,
/// or, for a firing one, the time after which the receiver should treat it as resolved unless it
/// is sent again.
/// </summary>
public sealed record AlertNotification(
    Labels Labels,
    Labels Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string GeneratorUrl,
    bool Resolved);

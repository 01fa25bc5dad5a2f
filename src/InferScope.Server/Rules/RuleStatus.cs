using InferScope.Model;

namespace InferScope.Server.Rules;

/// <summary>One recording or alerting rule as <c>/api/v1/rules</c> lists it.</summary>
/// <param name="Type"><c>recording</c> or <c>alerting</c>.</param>
/// <param name="Health"><c>ok</c>, <c>err</c> or <c>unknown</c>.</param>
/// <param name="Duration">The alerting rule's <c>for</c> duration; zero for recording rules.</param>
/// <param name="State">The alerting rule's state: <c>inactive</c>, <c>pending</c> or <c>firing</c>.</param>
public sealed record RuleStatus(
    string Type,
    string Name,
    string Query,
    string Health,
    string LastError,
    Labels Labels,
    TimeSpan Duration,
    Labels Annotations,
    IReadOnlyList<AlertStatus> Alerts,
    string State,
    TimeSpan EvaluationTime,
    DateTimeOffset? LastEvaluation);

namespace InferScope.Server.Rules;

/// <summary>The rule groups' state, for <c>/api/v1/rules</c> and <c>/api/v1/alerts</c>.</summary>
public interface IRuleStatusSource
{
    IReadOnlyList<RuleGroupStatus> Groups();
}

using InferScope.Model;
using InferScope.PromQL;

namespace InferScope.Analysis.Rules;

/// <summary>Runs a rule's expression and returns its result as an instant vector.</summary>
internal static class RuleQuery
{
    public static async Task<IReadOnlyList<(Labels Labels, double Value)>> EvaluateAsync(
        IQueryEngine engine, string expression, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var result = await engine.InstantQueryAsync(expression, time, cancellationToken).ConfigureAwait(false);
        switch (result.Type)
        {
            case ResultType.Vector:
                var vector = new List<(Labels, double)>(result.Series.Count);
                foreach (var series in result.Series)
                {
                    if (series.Points.Count > 0)
                    {
                        vector.Add((series.Labels, series.Points[^1].Value));
                    }
                }

                return vector;
            case ResultType.Scalar when result.Scalar is { } scalar:
                return [(Labels.Empty, scalar.Value)];
            default:
                throw new QueryException(
                    QueryErrorType.BadData,
                    $"Rule expression returned a {result.Type.ToString().ToLowerInvariant()}, but a rule needs an instant vector or a scalar: {expression}");
        }
    }
}

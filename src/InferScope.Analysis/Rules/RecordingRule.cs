using InferScope.Model;
using InferScope.PromQL;

namespace InferScope.Analysis.Rules;

/// <summary>Evaluates a recording rule: the result series renamed to the rule's metric name, with its labels set.</summary>
internal sealed class RecordingRule(RuleDefinition definition)
{
    public RuleDefinition Definition { get; } = definition;

    public RuleStatus Status { get; private set; } = new() { Definition = definition };

    public async Task<List<(Labels Labels, double Value)>> EvaluateAsync(
        IQueryEngine engine, DateTimeOffset time, int limit, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var vector = await RuleQuery.EvaluateAsync(engine, Definition.Expression, time, cancellationToken).ConfigureAwait(false);
            var output = new List<(Labels, double)>(vector.Count);
            var seen = new HashSet<Labels>();
            foreach (var (labels, value) in vector)
            {
                var builder = labels.ToBuilder().Set(LabelNames.MetricName, Definition.Name);
                foreach (var (name, labelValue) in Definition.Labels)
                {
                    builder.Set(name, labelValue);
                }

                var recorded = builder.Build();
                if (!seen.Add(recorded))
                {
                    throw new RuleEvaluationException(
                        $"Two result series have the same labels {recorded} once the rule's labels are applied; aggregate away the label that differs.");
                }

                output.Add((recorded, value));
            }

            if (limit > 0 && output.Count > limit)
            {
                throw new RuleEvaluationException($"The rule produced {output.Count} series, more than the group limit of {limit}; nothing was recorded.");
            }

            Status = Status with { Health = RuleHealth.Ok, LastError = null, LastEvaluation = time, EvaluationDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started) };
            return output;
        }
        catch (Exception e) when (e is QueryException or RuleEvaluationException)
        {
            Status = Status with { Health = RuleHealth.Err, LastError = e.Message, LastEvaluation = time, EvaluationDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started) };
            throw;
        }
    }
}

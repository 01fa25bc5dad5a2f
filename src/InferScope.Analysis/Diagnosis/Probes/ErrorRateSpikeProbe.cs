using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>An error ratio above the threshold and at least three times its level in the hour before the window.</summary>
public sealed class ErrorRateSpikeProbe : IDiagnosisProbe
{
    public async Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Selector();
        string Ratio(string range, string offset) =>
            $"sum by (endpoint) (rate({LlmMetrics.RequestErrors}{s}[{range}]{offset}))"
            + $" / (sum by (endpoint) (rate({LlmMetrics.RequestErrors}{s}[{range}]{offset})) + sum by (endpoint) (rate({LlmMetrics.RequestSuccess}{s}[{range}]{offset})))";
        var current = await context.QueryAsync(Ratio(context.Range, string.Empty), cancellationToken).ConfigureAwait(false);
        var baseline = await context.QueryAsync(Ratio("1h", " offset " + context.Range), cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>();
        foreach (var value in current.Values.Where(v => v.Value > context.Options.ErrorRatio))
        {
            var endpoint = value.Labels.Get(LlmLabels.Endpoint);
            var before = endpoint is null ? null : baseline.For(LlmLabels.Endpoint, endpoint);
            if (before is { } b && value.Value < 3 * b)
            {
                continue;
            }

            findings.Add(new Finding
            {
                Cause = FindingCause.ErrorRateSpike,
                Severity = value.Value > 4 * context.Options.ErrorRatio ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(endpoint),
                Summary = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{value.Value:P1} of requests failed in the last {context.Range}, against {before ?? 0:P1} in the hour before."),
                Action = "Break the errors down by reason (llm_request_errors_total's reason label), check recent deployments and the engine's log, and roll back a bad change.",
                Evidence = [current.Only(LlmLabels.Endpoint, endpoint ?? string.Empty), baseline.Only(LlmLabels.Endpoint, endpoint ?? string.Empty)],
                Magnitude = value.Value,
            });
        }

        return findings;
    }
}

using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>Targets that do not respond, deployments in the failed state, and deployments short of ready replicas.</summary>
public sealed class DeploymentProbe : IDiagnosisProbe
{
    public async Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var down = await context.QueryAsync($"{LlmMetrics.Up}{context.Selector()} == 0", cancellationToken).ConfigureAwait(false);
        var failed = await context.QueryAsync(
            $"max by (endpoint) ({LlmMetrics.DeploymentStatus}{context.Selector("status=\"Failed\"")}) == 1", cancellationToken).ConfigureAwait(false);
        var shortOfReplicas = await context.QueryAsync(
            $"max by (endpoint) ({LlmMetrics.ReplicasDesired}{context.Selector()}) - max by (endpoint) ({LlmMetrics.ReplicasReady}{context.Selector()}) > 0",
            cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>();
        foreach (var value in down.Values)
        {
            var labels = value.Labels;
            findings.Add(new Finding
            {
                Cause = FindingCause.TargetDown,
                Severity = Severity.Critical,
                Scope = new FindingScope(labels.Get(LlmLabels.Endpoint), labels.Get(LlmLabels.Az), labels.Get(LlmLabels.Instance)),
                Summary = $"Target {labels.Get(LlmLabels.Instance)} of job {labels.Get(LlmLabels.Job)} is down: its last scrape failed.",
                Action = "Check that the engine process runs and its metrics port answers; restart or replace the instance.",
                Evidence = [down with { Values = [value] }],
                Magnitude = 1,
            });
        }

        foreach (var value in failed.Values)
        {
            var endpoint = value.Labels.Get(LlmLabels.Endpoint);
            findings.Add(new Finding
            {
                Cause = FindingCause.DeploymentFailed,
                Severity = Severity.Critical,
                Scope = new FindingScope(endpoint),
                Summary = $"The deployment of {endpoint} is in the Failed state.",
                Action = "Read the deployment's events and the engine's start-up log (model download, GPU memory, image); roll back to the last good version.",
                Evidence = [failed with { Values = [value] }],
                Magnitude = 1,
            });
        }

        foreach (var value in shortOfReplicas.Values)
        {
            var endpoint = value.Labels.Get(LlmLabels.Endpoint);
            if (failed.Values.Any(v => v.Labels.Get(LlmLabels.Endpoint) == endpoint))
            {
                continue;
            }

            findings.Add(new Finding
            {
                Cause = FindingCause.DeploymentFailed,
                Severity = Severity.Warning,
                Scope = new FindingScope(endpoint),
                Summary = string.Create(CultureInfo.InvariantCulture, $"The deployment of {endpoint} has {value.Value:0} fewer ready replicas than desired."),
                Action = "Check whether an update is in progress or instances fail their health checks; look for capacity errors when launching instances.",
                Evidence = [shortOfReplicas with { Values = [value] }],
                Magnitude = 0.5,
            });
        }

        return findings;
    }
}

using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>Running requests evicted from the KV cache and recomputed, at a rate that wastes compute.</summary>
public sealed class PreemptionStormProbe : IDiagnosisProbe
{
    /// <summary>Multiple of <see cref="DiagnosisOptions.PreemptionsPerSecond"/> from which a storm is critical.</summary>
    public const double CriticalFactor = 5;

    public Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var findings = new List<Finding>();
        foreach (var endpoint in signals.Endpoints)
        {
            var rate = signals.PreemptionRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var requests = signals.RequestRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var perRequest = requests > 0 ? rate / requests : 0;
            if (rate <= context.Options.PreemptionsPerSecond && perRequest <= context.Options.PreemptionsPerRequest)
            {
                continue;
            }

            findings.Add(new Finding
            {
                Cause = FindingCause.PreemptionStorm,
                Severity = rate > CriticalFactor * context.Options.PreemptionsPerSecond ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(endpoint),
                Summary = string.Create(CultureInfo.InvariantCulture, $"{rate:0.##} preemptions/s, {perRequest:P0} of requests: running requests lose their KV cache and are recomputed."),
                Action = "Lower the max number of concurrent sequences or raise the GPU memory share for the KV cache; add instances if the load is legitimate.",
                Evidence =
                [
                    signals.PreemptionRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.RequestRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.KvUsage.Only(LlmLabels.Endpoint, endpoint),
                ],
                Magnitude = Math.Min(1, perRequest),
            });
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}

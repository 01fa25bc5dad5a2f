using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>Decode-bound: inter-token latency misses its objective, so the stream, not the start, is slow.</summary>
public sealed class DecodeBoundProbe : IDiagnosisProbe
{
    public Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var findings = new List<Finding>();
        foreach (var endpoint in signals.Endpoints)
        {
            var slo = context.Options.SloFor(endpoint);
            if (signals.ItlP90.For(LlmLabels.Endpoint, endpoint) is not { } itlP90 || itlP90 <= slo.InterTokenLatencySeconds)
            {
                continue;
            }

            var running = signals.Running.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var instances = signals.Instances.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var requests = signals.RequestRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var generated = signals.GenerationTokenRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var outputPerRequest = requests > 0 ? generated / requests : double.NaN;
            findings.Add(new Finding
            {
                Cause = FindingCause.DecodeBound,
                Severity = itlP90 > 2 * slo.InterTokenLatencySeconds ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(endpoint),
                Summary = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Decode-bound: ITL p90 {itlP90 * 1000:0.#}ms exceeds the {slo.InterTokenLatencySeconds * 1000:0.#}ms objective with {running / instances:0.#} running requests per instance and {outputPerRequest:0} output tokens per request ({generated:0} output tokens/s)."),
                Action = "Lower the max batch size or concurrency per instance, add instances, or move to GPUs with more memory bandwidth; check GPU throttling findings first.",
                Evidence =
                [
                    signals.ItlP90.Only(LlmLabels.Endpoint, endpoint),
                    signals.Running.Only(LlmLabels.Endpoint, endpoint),
                    signals.Instances.Only(LlmLabels.Endpoint, endpoint),
                    signals.GenerationTokenRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.RequestRate.Only(LlmLabels.Endpoint, endpoint),
                ],
                Magnitude = (itlP90 / slo.InterTokenLatencySeconds) - 1,
            });
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}

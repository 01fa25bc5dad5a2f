using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>
/// Prefill-bound: time to first token misses its objective although requests barely queue and the
/// KV cache has room, and where the engine reports it, prefill time is most of the TTFT: the
/// engine spends the time computing long prompts.
/// </summary>
public sealed class PrefillBoundProbe : IDiagnosisProbe
{
    public Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var findings = new List<Finding>();
        foreach (var endpoint in signals.Endpoints)
        {
            var slo = context.Options.SloFor(endpoint);
            if (signals.TtftP90.For(LlmLabels.Endpoint, endpoint) is not { } ttftP90 || ttftP90 <= slo.TimeToFirstTokenSeconds)
            {
                continue;
            }

            var ttftMean = signals.TtftMean.For(LlmLabels.Endpoint, endpoint) ?? ttftP90;
            var queueMean = signals.QueueMean.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var kv = signals.KvUsage.For(LlmLabels.Endpoint, endpoint) ?? 0;
            if (queueMean > 0.3 * ttftMean || kv >= context.Options.KvCacheFullRatio)
            {
                continue;
            }

            // Where the engine reports prefill time, the prompt's compute must be most of the TTFT.
            var prefillMean = signals.PrefillMean.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            if (prefillMean < context.Options.PrefillShare * ttftMean)
            {
                continue;
            }

            var requests = signals.RequestRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var promptRate = signals.PromptTokenRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var promptPerRequest = requests > 0 ? promptRate / requests : double.NaN;
            findings.Add(new Finding
            {
                Cause = FindingCause.PrefillBound,
                Severity = ttftP90 > 2 * slo.TimeToFirstTokenSeconds ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(endpoint),
                Summary = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Prefill-bound: TTFT p90 {ttftP90:0.###}s exceeds the {slo.TimeToFirstTokenSeconds}s objective while mean queue time is only {queueMean:0.###}s, mean prefill time {prefillMean:0.###}s and KV-cache occupancy {kv:P0}; prompts average {promptPerRequest:0} tokens ({promptRate:0} input tokens/s)."),
                Action = "Route long prompts to instances with more compute, enable chunked prefill or prefix caching, cap the prompt length, or add instances for input-token throughput.",
                Evidence =
                [
                    signals.TtftP90.Only(LlmLabels.Endpoint, endpoint),
                    signals.TtftMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.QueueMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.PrefillMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.KvUsage.Only(LlmLabels.Endpoint, endpoint),
                    signals.PromptTokenRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.RequestRate.Only(LlmLabels.Endpoint, endpoint),
                ],
                Magnitude = (ttftP90 / slo.TimeToFirstTokenSeconds) - 1,
            });
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}

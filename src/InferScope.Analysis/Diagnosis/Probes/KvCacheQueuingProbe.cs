using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>
/// Requests queue inside the engine for KV-cache room when occupancy is near full and requests
/// wait, while the time spent around the engine is healthy: TTFT then grows with the queue time.
/// </summary>
public sealed class KvCacheQueuingProbe : IDiagnosisProbe
{
    public Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var findings = new List<Finding>();
        foreach (var endpoint in signals.Endpoints)
        {
            var kv = signals.KvUsage.For(LlmLabels.Endpoint, endpoint);
            var waiting = signals.Waiting.For(LlmLabels.Endpoint, endpoint);
            if (kv is not { } occupancy || waiting is not { } queued
                || occupancy < context.Options.KvCacheFullRatio || queued < context.Options.WaitingThreshold)
            {
                continue;
            }

            var slo = context.Options.SloFor(endpoint);
            var ttftP90 = signals.TtftP90.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var queueMean = signals.QueueMean.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var overheadP90 = signals.OverheadP90.For(LlmLabels.Endpoint, endpoint);
            var sloMissed = ttftP90 > slo.TimeToFirstTokenSeconds;

            // Preemptions are what a full cache does to running requests. When they reach a
            // critical storm, this finding (the cause) must rank at least as high as the storm.
            var preemptions = signals.PreemptionRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var criticalStorm = preemptions > PreemptionStormProbe.CriticalFactor * context.Options.PreemptionsPerSecond;
            var summary = string.Create(
                CultureInfo.InvariantCulture,
                $"Requests wait for KV-cache room: occupancy {occupancy:P0}, {queued:0.#} requests waiting on average, mean queue time {queueMean:0.###}s, TTFT p90 {ttftP90:0.###}s (objective {slo.TimeToFirstTokenSeconds}s)");
            if (overheadP90 is { } overhead && overhead < context.Options.OverheadP90Seconds)
            {
                summary += string.Create(CultureInfo.InvariantCulture, $"; overhead p90 {overhead:0.###}s is healthy, so the time is lost inside the engine");
            }

            findings.Add(new Finding
            {
                Cause = FindingCause.KvCacheQueuing,
                Severity = sloMissed || criticalStorm ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(endpoint),
                Summary = summary + ".",
                Action = "Add instances (scale out on KV-cache occupancy), lower the engine's max concurrency or max model length, or enable prefix caching to free KV-cache room.",
                Evidence =
                [
                    signals.KvUsage.Only(LlmLabels.Endpoint, endpoint),
                    signals.Waiting.Only(LlmLabels.Endpoint, endpoint),
                    signals.QueueMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.TtftP90.Only(LlmLabels.Endpoint, endpoint),
                    signals.ModelMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.OverheadP90.Only(LlmLabels.Endpoint, endpoint),
                    signals.PreemptionRate.Only(LlmLabels.Endpoint, endpoint),
                ],
                Magnitude = (occupancy - context.Options.KvCacheFullRatio) / (1 - context.Options.KvCacheFullRatio),
            });
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}

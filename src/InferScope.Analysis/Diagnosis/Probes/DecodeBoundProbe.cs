using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>
/// Decode-bound: the stream, not the start, is slow. Either inter-token latency misses its
/// objective, or requests take longer than <see cref="DiagnosisOptions.SlowRequestSeconds"/> on
/// average with most of that time spent decoding. Both count only while the KV cache has room,
/// because a full cache slows decoding through preemption and is a finding of its own.
/// </summary>
public sealed class DecodeBoundProbe : IDiagnosisProbe
{
    public Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var options = context.Options;
        var findings = new List<Finding>();
        foreach (var endpoint in signals.Endpoints)
        {
            var slo = options.SloFor(endpoint);
            var itlP90 = signals.ItlP90.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var e2eMean = signals.E2eMean.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var decodeMean = signals.DecodeMean.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var kv = signals.KvUsage.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var itlMissed = itlP90 > slo.InterTokenLatencySeconds;
            var decodeShare = decodeMean / e2eMean;
            var slowDecoding = e2eMean > options.SlowRequestSeconds && decodeShare >= options.DecodeShare;
            if ((!itlMissed && !slowDecoding) || kv >= options.KvCacheFullRatio)
            {
                continue;
            }

            var running = signals.Running.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var instances = signals.Instances.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var requests = signals.RequestRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var generated = signals.GenerationTokenRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
            var dram = signals.DramActive.For(LlmLabels.Endpoint, endpoint) ?? double.NaN;
            var outputPerRequest = requests > 0 ? generated / requests : double.NaN;
            var symptom = itlMissed
                ? string.Create(CultureInfo.InvariantCulture, $"ITL p90 {itlP90 * 1000:0.#}ms exceeds the {slo.InterTokenLatencySeconds * 1000:0.#}ms objective")
                : string.Create(CultureInfo.InvariantCulture, $"requests take {e2eMean:0.#}s on average, {decodeShare:P0} of it decoding, with ITL p90 {itlP90 * 1000:0.#}ms");
            findings.Add(new Finding
            {
                Cause = FindingCause.DecodeBound,
                Severity = itlP90 > 2 * slo.InterTokenLatencySeconds ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(endpoint),
                Summary = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Decode-bound: {symptom}; {outputPerRequest:0} output tokens per request ({generated:0} output tokens/s), {running / instances:0.#} running requests per instance, GPU memory busy {dram:P0} of cycles, KV-cache occupancy {kv:P0}."),
                Action = "Cap max_tokens, quantize the weights or KV cache, enable speculative decoding, or move to GPUs with more memory bandwidth; add instances to lower the batch per instance. Check GPU throttling findings first.",
                Evidence =
                [
                    signals.ItlP90.Only(LlmLabels.Endpoint, endpoint),
                    signals.E2eMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.DecodeMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.GenerationTokenRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.RequestRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.Running.Only(LlmLabels.Endpoint, endpoint),
                    signals.Instances.Only(LlmLabels.Endpoint, endpoint),
                    signals.DramActive.Only(LlmLabels.Endpoint, endpoint),
                    signals.KvUsage.Only(LlmLabels.Endpoint, endpoint),
                ],
                Magnitude = Math.Max((itlP90 / slo.InterTokenLatencySeconds) - 1, (e2eMean / options.SlowRequestSeconds) - 1),
            });
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}

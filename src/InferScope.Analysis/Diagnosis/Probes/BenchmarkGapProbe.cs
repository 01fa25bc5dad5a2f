using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>
/// Production output tokens per second per instance far below the endpoint's benchmark, with the
/// likely reasons the metrics support: KV-cache pressure, a batch limit, a heavier prompt mix, or
/// too little concurrency to fill the batch.
/// </summary>
public sealed class BenchmarkGapProbe : IDiagnosisProbe
{
    public Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var findings = new List<Finding>();
        foreach (var endpoint in signals.Endpoints)
        {
            var gap = Assess(context.Options, signals, endpoint);
            if (gap is null)
            {
                continue;
            }

            findings.Add(new Finding
            {
                Cause = FindingCause.BenchmarkGap,

                // A gap with no reason in the metrics is demand below saturation, not a fault.
                Severity = gap.Reasons.Count > 0 ? Severity.Warning : Severity.Info,
                Scope = new FindingScope(endpoint),
                Summary = gap.Summary,
                Action = gap.Action,
                Evidence =
                [
                    signals.GenerationTokenRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.Instances.Only(LlmLabels.Endpoint, endpoint),
                    signals.Running.Only(LlmLabels.Endpoint, endpoint),
                    signals.Waiting.Only(LlmLabels.Endpoint, endpoint),
                    signals.KvUsage.Only(LlmLabels.Endpoint, endpoint),
                    signals.PreemptionRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.PromptTokenRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.RequestRate.Only(LlmLabels.Endpoint, endpoint),
                    signals.BenchmarkOutputTokens.Only(LlmLabels.Endpoint, endpoint),
                ],
                Magnitude = 1 - gap.Ratio,
            });
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    /// <summary>Compares an endpoint with its benchmark; null when it has none, no traffic, or no gap.</summary>
    public static BenchmarkGap? Assess(DiagnosisOptions options, EndpointSignals signals, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signals);
        // The configured benchmark wins; without one, a published benchmark figure is used and the
        // checks that need the benchmark's concurrency and prompt length are skipped.
        var benchmark = options.BenchmarkFor(endpoint)
            ?? (signals.BenchmarkOutputTokens.For(LlmLabels.Endpoint, endpoint) is > 0 and var published
                ? new EndpointBenchmark(endpoint, published, double.NaN, double.NaN, double.NaN)
                : null);
        var instances = signals.Instances.For(LlmLabels.Endpoint, endpoint);
        var generated = signals.GenerationTokenRate.For(LlmLabels.Endpoint, endpoint);
        if (benchmark is null || instances is not > 0 || generated is not > 0)
        {
            return null;
        }

        var perInstance = generated.Value / instances.Value;
        var ratio = perInstance / benchmark.OutputTokensPerSecondPerInstance;
        if (ratio >= options.BenchmarkGapRatio)
        {
            return null;
        }

        var running = (signals.Running.For(LlmLabels.Endpoint, endpoint) ?? 0) / instances.Value;
        var waiting = signals.Waiting.For(LlmLabels.Endpoint, endpoint) ?? 0;
        var kv = signals.KvUsage.For(LlmLabels.Endpoint, endpoint) ?? 0;
        var preemptions = signals.PreemptionRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
        var requests = signals.RequestRate.For(LlmLabels.Endpoint, endpoint) ?? 0;
        var promptPerRequest = requests > 0 ? (signals.PromptTokenRate.For(LlmLabels.Endpoint, endpoint) ?? 0) / requests : 0;

        var reasons = new List<(string Reason, string Action)>();
        if (kv >= options.KvCacheFullRatio || preemptions > options.PreemptionsPerSecond)
        {
            reasons.Add((
                string.Create(CultureInfo.InvariantCulture, $"KV-cache pressure (occupancy {kv:P0}, {preemptions:0.##} preemptions/s) limits the batch"),
                "free KV-cache room: shorter max model length, prefix caching, or more instances"));
        }

        if (waiting >= options.WaitingThreshold && kv < 0.7)
        {
            reasons.Add((
                string.Create(CultureInfo.InvariantCulture, $"a batch limit: {waiting:0.#} requests wait although the KV cache is only {kv:P0} full"),
                "raise the engine's max number of concurrent sequences"));
        }

        if (promptPerRequest > 1.5 * benchmark.MeanPromptTokens)
        {
            reasons.Add((
                string.Create(CultureInfo.InvariantCulture, $"the prompt mix: {promptPerRequest:0} prompt tokens per request against {benchmark.MeanPromptTokens:0} in the benchmark, so prefill takes the GPU's time"),
                "benchmark with production's prompt lengths, or route long prompts separately"));
        }

        if (running < 0.5 * benchmark.ConcurrencyPerInstance && waiting < options.WaitingThreshold)
        {
            reasons.Add((
                string.Create(CultureInfo.InvariantCulture, $"too little concurrency: {running:0.#} running requests per instance against {benchmark.ConcurrencyPerInstance:0} in the benchmark, so batches run part-empty"),
                "send more concurrent requests per instance or run fewer instances"));
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Production reaches {perInstance:0} output tokens/s per instance, {ratio:P0} of the benchmark's {benchmark.OutputTokensPerSecondPerInstance:0}");
        summary += reasons.Count == 0
            ? "; no limit shows in the metrics, so demand is below what the instances can serve."
            : ". Likely reason: " + string.Join("; also ", reasons.Select(r => r.Reason)) + ".";
        var action = reasons.Count == 0
            ? "Re-run the benchmark with production's request mix and concurrency to find the difference."
            : char.ToUpperInvariant(reasons[0].Action[0]) + reasons[0].Action[1..] + ".";
        return new BenchmarkGap(perInstance, benchmark.OutputTokensPerSecondPerInstance, ratio, [.. reasons.Select(r => r.Reason)], summary, action);
    }
}

/// <summary>The gap between production and benchmark throughput, with the likely reasons.</summary>
public sealed record BenchmarkGap(
    double ProductionOutputTokensPerSecondPerInstance,
    double BenchmarkOutputTokensPerSecondPerInstance,
    double Ratio,
    IReadOnlyList<string> Reasons,
    string Summary,
    string Action);

using System.Globalization;

namespace InferScope.Analysis.Diagnosis;

/// <summary>
/// The per-endpoint figures most probes share, queried once per run over the request's window.
/// Ranks and instances are summed or averaged inside each expression, and every quantile comes
/// from bucket rates summed before <c>histogram_quantile</c>, per bucket layout.
/// </summary>
public sealed class EndpointSignals
{
    private EndpointSignals()
    {
    }

    public IReadOnlyList<string> Endpoints { get; private set; } = [];

    public required Evidence TtftP90 { get; init; }

    public required Evidence TtftMean { get; init; }

    public required Evidence ItlP90 { get; init; }

    public required Evidence QueueMean { get; init; }

    public required Evidence ModelMean { get; init; }

    /// <summary>Mean time from first scheduling to the first token: the prompt's compute time.</summary>
    public required Evidence PrefillMean { get; init; }

    /// <summary>Mean time from the first token to the last.</summary>
    public required Evidence DecodeMean { get; init; }

    public required Evidence OverheadP90 { get; init; }

    public required Evidence OverheadMean { get; init; }

    public required Evidence E2eMean { get; init; }

    public required Evidence KvUsage { get; init; }

    public required Evidence Waiting { get; init; }

    public required Evidence Running { get; init; }

    public required Evidence PreemptionRate { get; init; }

    public required Evidence RequestRate { get; init; }

    public required Evidence PromptTokenRate { get; init; }

    public required Evidence GenerationTokenRate { get; init; }

    public required Evidence Instances { get; init; }

    /// <summary>Mean fraction of cycles the GPUs' memory was busy. Near 1, decoding runs at the memory-bandwidth limit.</summary>
    public required Evidence DramActive { get; init; }

    /// <summary>The benchmark throughput per instance that deployments publish, if any.</summary>
    public required Evidence BenchmarkOutputTokens { get; init; }

    public static async Task<EndpointSignals> LoadAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Selector();
        var w = context.Range;
        var instanceBy = $"{LlmLabels.Endpoint}, {LlmLabels.Az}, {LlmLabels.Instance}";
        Task<Evidence> Query(string expression) => context.QueryAsync(expression, cancellationToken);
        string Quantile(double q, string histogram) =>
            $"histogram_quantile({q.ToString(CultureInfo.InvariantCulture)}, sum by (endpoint, {LlmLabels.BucketLayout}, le) (rate({LlmMetrics.Bucket(histogram)}{s}[{w}])))";
        string Mean(string histogram) =>
            $"sum by (endpoint) (rate({LlmMetrics.Sum(histogram)}{s}[{w}])) / sum by (endpoint) (rate({LlmMetrics.Count(histogram)}{s}[{w}]))";

        var signals = new EndpointSignals
        {
            TtftP90 = await Query(Quantile(0.9, LlmMetrics.TimeToFirstToken)).ConfigureAwait(false),
            TtftMean = await Query(Mean(LlmMetrics.TimeToFirstToken)).ConfigureAwait(false),
            ItlP90 = await Query(Quantile(0.9, LlmMetrics.InterTokenLatency)).ConfigureAwait(false),
            QueueMean = await Query(Mean(LlmMetrics.RequestQueueTime)).ConfigureAwait(false),
            ModelMean = await Query(Mean(LlmMetrics.ModelLatency)).ConfigureAwait(false),
            PrefillMean = await Query(Mean(LlmMetrics.PrefillTime)).ConfigureAwait(false),
            DecodeMean = await Query(Mean(LlmMetrics.DecodeTime)).ConfigureAwait(false),
            OverheadP90 = await Query($"{Quantile(0.9, LlmMetrics.OverheadLatency)} or {Quantile(0.9, LlmMetrics.RouterOverhead)}").ConfigureAwait(false),
            OverheadMean = await Query($"({Mean(LlmMetrics.OverheadLatency)}) or ({Mean(LlmMetrics.RouterOverhead)})").ConfigureAwait(false),
            E2eMean = await Query(Mean(LlmMetrics.E2eRequestLatency)).ConfigureAwait(false),
            KvUsage = await Query($"avg by (endpoint) (avg by ({instanceBy}) (avg_over_time({LlmMetrics.KvCacheUsage}{s}[{w}])))").ConfigureAwait(false),
            Waiting = await Query($"sum by (endpoint) (avg_over_time({LlmMetrics.RequestsWaiting}{s}[{w}]))").ConfigureAwait(false),
            Running = await Query($"sum by (endpoint) (avg_over_time({LlmMetrics.RequestsRunning}{s}[{w}]))").ConfigureAwait(false),
            PreemptionRate = await Query($"sum by (endpoint) (rate({LlmMetrics.Preemptions}{s}[{w}]))").ConfigureAwait(false),
            RequestRate = await Query($"sum by (endpoint) (rate({LlmMetrics.Count(LlmMetrics.E2eRequestLatency)}{s}[{w}]))").ConfigureAwait(false),
            PromptTokenRate = await Query($"sum by (endpoint) (rate({LlmMetrics.PromptTokens}{s}[{w}]))").ConfigureAwait(false),
            GenerationTokenRate = await Query($"sum by (endpoint) (rate({LlmMetrics.GenerationTokens}{s}[{w}]))").ConfigureAwait(false),
            Instances = await Query($"count by (endpoint) (group by ({instanceBy}) ({LlmMetrics.RequestsRunning}{s}))").ConfigureAwait(false),
            DramActive = await Query($"avg by (endpoint) (avg_over_time({LlmMetrics.GpuDramActive}{s}[{w}]))").ConfigureAwait(false),
            BenchmarkOutputTokens = await Query($"max by (endpoint) ({LlmMetrics.BenchmarkOutputTokens}{s})").ConfigureAwait(false),
        };

        var endpoints = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var evidence in signals.EndpointSources)
        {
            endpoints.UnionWith(evidence.ByLabel(LlmLabels.Endpoint).Keys);
        }

        signals.Endpoints = [.. endpoints];
        return signals;
    }

    /// <summary>The queries whose <c>endpoint</c> labels list the endpoints to diagnose.</summary>
    private Evidence[] EndpointSources => [Instances, RequestRate, KvUsage, TtftMean];

    /// <summary>Returns the error of the first failed endpoint-listing query, or null when they all ran.</summary>
    public string? FirstError() => EndpointSources.FirstOrDefault(e => e.Error is not null)?.Error;
}

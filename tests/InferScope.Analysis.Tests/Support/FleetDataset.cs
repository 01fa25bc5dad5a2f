using InferScope.Analysis;
using InferScope.Model;

namespace InferScope.Analysis.Tests.Support;

/// <summary>
/// Builds unified llm_* series for endpoints with two instances each, one in AZ a and one in AZ b.
/// Each endpoint follows its healthy profile until <see cref="FaultAt"/> and its faulted profile,
/// which may differ per AZ, from then on.
/// </summary>
internal sealed class FleetDataset
{
    public static readonly DateTimeOffset Start = new(DateTime.UtcNow.AddHours(-3).Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);

    public static readonly DateTimeOffset FaultAt = Start.AddMinutes(40);

    public static readonly DateTimeOffset End = Start.AddMinutes(60);

    public static readonly string[] Azs = ["a", "b"];

    public OpenMetricsDataset Data { get; } = new(Start, End, TimeSpan.FromSeconds(30));

    /// <param name="faulted">The profile after the fault for an AZ; null keeps the healthy profile.</param>
    public void AddEndpoint(string endpoint, EndpointProfile healthy, Func<string, EndpointProfile?> faulted)
    {
        foreach (var az in Azs)
        {
            var instance = $"{endpoint}-{az}";
            var after = faulted(az) ?? healthy;
            EndpointProfile P(DateTimeOffset t) => t >= FaultAt ? after : healthy;
            var labels = Labels.FromPairs(LlmLabels.Endpoint, endpoint, LlmLabels.Az, az, LlmLabels.Instance, instance, LlmLabels.Engine, "vllm");
            var ok = new Func<DateTimeOffset, double>(t => P(t).RequestsPerSecond * (1 - P(t).ErrorRatio));

            Data.Histogram(LlmMetrics.TimeToFirstToken, labels, OpenMetricsDataset.LatencyBounds, t => (ok(t), P(t).Ttft));
            Data.Histogram(LlmMetrics.InterTokenLatency, labels, OpenMetricsDataset.TokenLatencyBounds, t => (ok(t) * P(t).OutputTokens, P(t).Itl));
            Data.Histogram(LlmMetrics.E2eRequestLatency, labels, OpenMetricsDataset.LatencyBounds, t => (ok(t), E2e(P(t))));
            Data.Histogram(LlmMetrics.RequestQueueTime, labels, OpenMetricsDataset.LatencyBounds, t => (ok(t), P(t).Queue));
            Data.Histogram(LlmMetrics.ModelLatency, labels, OpenMetricsDataset.LatencyBounds, t => (ok(t), E2e(P(t)) - P(t).Overhead));
            Data.Histogram(LlmMetrics.OverheadLatency, labels, OpenMetricsDataset.LatencyBounds, t => (ok(t), P(t).Overhead));
            Data.Counter(LlmMetrics.PromptTokens, labels, t => ok(t) * P(t).PromptTokens);
            Data.Counter(LlmMetrics.GenerationTokens, labels, t => ok(t) * P(t).OutputTokens);
            Data.Counter(LlmMetrics.RequestSuccess, labels, ok);
            Data.Counter(LlmMetrics.RequestErrors, labels.ToBuilder().Set(LlmLabels.Reason, "internal").Build(), t => P(t).RequestsPerSecond * P(t).ErrorRatio);
            Data.Counter(LlmMetrics.Preemptions, labels, t => P(t).PreemptionsPerSecond);
            for (var rank = 0; rank < healthy.Ranks; rank++)
            {
                var rankLabels = labels.ToBuilder().Set(LlmLabels.Rank, rank.ToString(System.Globalization.CultureInfo.InvariantCulture)).Build();
                var ranks = healthy.Ranks;
                Data.Gauge(LlmMetrics.KvCacheUsage, rankLabels, t => P(t).PublishesKvUsage ? P(t).KvUsage : null);
                Data.Gauge(LlmMetrics.RequestsWaiting, rankLabels, t => P(t).Waiting / ranks);
                Data.Gauge(LlmMetrics.RequestsRunning, rankLabels, t => P(t).Running / ranks);
            }

            var gpuLabels = labels.ToBuilder().Set(LlmLabels.Gpu, "0").Build();
            Data.Gauge(LlmMetrics.GpuTemperature, gpuLabels, t => P(t).GpuTemperature);
            Data.Gauge(LlmMetrics.GpuSmClock, gpuLabels, t => P(t).ThrottleRatio > 0 ? 1.2e9 : 1.98e9);
            Data.Counter(LlmMetrics.GpuThrottle, gpuLabels.ToBuilder().Set(LlmLabels.Reason, "thermal").Build(), t => P(t).ThrottleRatio);
            Data.Counter(LlmMetrics.GpuXidErrors, gpuLabels, t => P(t).XidPerSecond);
            Data.Gauge(LlmMetrics.Up, Labels.FromPairs(LlmLabels.Endpoint, endpoint, LlmLabels.Az, az, LlmLabels.Instance, instance, LlmLabels.Job, "engines"), t => P(t).Up ? 1 : 0);
        }
    }

    private static double E2e(EndpointProfile p) => p.Ttft + (p.Itl * p.OutputTokens) + p.Overhead;
}

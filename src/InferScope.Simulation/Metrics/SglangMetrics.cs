using InferScope.Model;
using InferScope.Simulation.Engine;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// SGLang 0.4 metrics: prometheus_client multiprocess mode (<c>_sum</c> first, no <c>_created</c>),
/// the label <c>model_name</c> only, and the 0.4 bucket layouts. Scheduler gauges of several
/// data-parallel ranks are summed into one series, because 0.4 had no rank label.
/// </summary>
public sealed class SglangMetrics : EngineMetrics
{
    private static readonly double[] timeToFirstTokenBounds =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 20, 25, 30];

    private static readonly double[] endToEndBounds = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60];

    private static readonly double[] timePerOutputTokenBounds =
        [0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5];

    private readonly Histogram timeToFirstToken = new(timeToFirstTokenBounds);
    private readonly Histogram endToEnd = new(endToEndBounds);
    private readonly Histogram timePerOutputToken = new(timePerOutputTokenBounds);
    private readonly Histogram functionLatency = new(Exponential(0.05 / 1.5, 1.5, 18));
    private double promptTokens;
    private double generationTokens;
    private double intervalQueries;
    private double intervalHits;
    private double intervalGenerated;
    private double intervalStart;
    private double cacheHitRate;
    private double generationThroughput;

    public SglangMetrics(EngineDescriptor descriptor)
        : base(descriptor)
    {
    }

    public override string MetricsPath => "/metrics";

    public override void OnScheduled(int rank, SimRequest request)
    {
        intervalQueries += request.PromptTokens;
        intervalHits += request.CachedTokens;
    }

    public override void OnFirstToken(int rank, SimRequest request)
    {
        timeToFirstToken.Observe(TimeToFirstToken(request));
        intervalGenerated++;
    }

    public override void OnToken(int rank, SimRequest request, double gapSeconds)
    {
        timePerOutputToken.Observe(gapSeconds);
        intervalGenerated++;
    }

    public override void OnArrived(int rank, SimRequest request) => functionLatency.Observe(request.FrontendSeconds / 4);

    public override void OnFinished(int rank, SimRequest request)
    {
        promptTokens += request.PromptTokens;
        generationTokens += request.OutputTokens;
        endToEnd.Observe(EndToEnd(request));
    }

    public override string Render(double now)
    {
        // SGLang's scheduler logs its own averages per interval; the scrape interval plays that role here.
        if (now > intervalStart)
        {
            generationThroughput = intervalGenerated / (now - intervalStart);
            if (intervalQueries > 0)
            {
                cacheHitRate = intervalHits / intervalQueries;
            }

            intervalGenerated = 0;
            intervalQueries = 0;
            intervalHits = 0;
            intervalStart = now;
        }

        var model = Descriptor.ServedModelName;
        (string, string)[] labels = [("model_name", model)];
        double running = 0, waiting = 0, usedTokens = 0, totalTokens = 0;
        foreach (var rank in Ranks)
        {
            running += rank.RunningCount;
            waiting += rank.WaitingCount;
            usedTokens += rank.UsedTokens;
            totalTokens += (double)rank.TotalBlocks * rank.BlockSize;
        }

        var b = new ExpositionBuilder(FloatStyle.Python);
        b.Family("sglang:prompt_tokens_total", MetricType.Counter, "Prompt tokens processed.");
        b.Sample("sglang:prompt_tokens_total", labels, promptTokens);
        b.Family("sglang:generation_tokens_total", MetricType.Counter, "Generated tokens.");
        b.Sample("sglang:generation_tokens_total", labels, generationTokens);
        b.Family("sglang:token_usage", MetricType.Gauge, "Fraction of the KV token pool in use");
        b.Sample("sglang:token_usage", labels, totalTokens == 0 ? 0 : Math.Round(usedTokens / totalTokens, 2));
        b.Family("sglang:cache_hit_rate", MetricType.Gauge, "Prefix-cache hit rate over the last interval");
        b.Sample("sglang:cache_hit_rate", labels, cacheHitRate);
        b.Family("sglang:time_to_first_token_seconds", MetricType.Histogram, "Time to first token, in seconds.");
        b.Histogram("sglang:time_to_first_token_seconds", labels, timeToFirstToken, 0, HistogramOrder.SumBucketsCount);
        b.Family("sglang:e2e_request_latency_seconds", MetricType.Histogram, "End-to-end request latency, in seconds");
        b.Histogram("sglang:e2e_request_latency_seconds", labels, endToEnd, 0, HistogramOrder.SumBucketsCount);
        b.Family("sglang:time_per_output_token_seconds", MetricType.Histogram, "Time per output token, in seconds.");
        b.Histogram("sglang:time_per_output_token_seconds", labels, timePerOutputToken, 0, HistogramOrder.SumBucketsCount);
        b.Family("sglang:func_latency_seconds", MetricType.Histogram, "Latency of instrumented functions, in seconds");
        b.Histogram("sglang:func_latency_seconds", [("name", "generate_request")], functionLatency, 0, HistogramOrder.SumBucketsCount);
        b.Family("sglang:num_running_reqs", MetricType.Gauge, "Requests in the running batch");
        b.Sample("sglang:num_running_reqs", labels, running);
        b.Family("sglang:num_used_tokens", MetricType.Gauge, "KV tokens in use");
        b.Sample("sglang:num_used_tokens", labels, usedTokens);
        b.Family("sglang:gen_throughput", MetricType.Gauge, "Generation throughput over the last interval (token/s)");
        b.Sample("sglang:gen_throughput", labels, generationThroughput);
        b.Family("sglang:num_queue_reqs", MetricType.Gauge, "Requests in the waiting queue");
        b.Sample("sglang:num_queue_reqs", labels, waiting);
        return b.ToString();
    }
}

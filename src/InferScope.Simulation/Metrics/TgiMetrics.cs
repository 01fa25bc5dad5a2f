using InferScope.Model;
using InferScope.Simulation.Engine;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// TGI 3.x metrics as Rust's metrics-exporter-prometheus writes them: counters without
/// <c>_total</c>, no model label, a blank line after each family, shortest-digit numbers, and
/// token buckets sized from <c>--max-input-tokens</c> and <c>--max-total-tokens</c>.
/// </summary>
public sealed class TgiMetrics : EngineMetrics
{
    private static readonly string[] methods = ["prefill", "decode"];

    private readonly double[] durationBounds = Exponential(0.0001, 1.5, 35);
    private readonly Histogram inputLength;
    private readonly Histogram maxNewTokens;
    private readonly Histogram generatedTokens;
    private readonly Histogram requestDuration;
    private readonly Histogram validationDuration;
    private readonly Histogram queueDuration;
    private readonly Histogram inferenceDuration;
    private readonly Histogram meanTimePerToken;
    private readonly Histogram batchNextSize;
    private readonly Histogram[] forward;
    private readonly Histogram[] decode;
    private readonly Histogram[] filter;
    private readonly Histogram[] batchInference;
    private readonly Histogram concatDuration;
    private readonly double[] inferenceCalls = new double[2];
    private double requestCount;
    private double requestSuccess;
    private double validationFailures;
    private double concatChunking;
    private double skippedTokensCount;

    public TgiMetrics(EngineDescriptor descriptor)
        : base(descriptor)
    {
        inputLength = new Histogram(Linear(descriptor.MaxInputTokens / 100.0));
        var generatedBounds = Linear(descriptor.MaxTotalTokens / 100.0);
        maxNewTokens = new Histogram(generatedBounds);
        generatedTokens = new Histogram(generatedBounds);
        requestDuration = new Histogram(durationBounds);
        validationDuration = new Histogram(durationBounds);
        queueDuration = new Histogram(durationBounds);
        inferenceDuration = new Histogram(durationBounds);
        meanTimePerToken = new Histogram(durationBounds);
        concatDuration = new Histogram(durationBounds);
        batchNextSize = new Histogram(Enumerable.Range(1, 1024).Select(i => (double)i).ToArray());
        forward = [new(durationBounds), new(durationBounds)];
        decode = [new(durationBounds), new(durationBounds)];
        filter = [new(durationBounds), new(durationBounds)];
        batchInference = [new(durationBounds), new(durationBounds)];
    }

    public override string MetricsPath => "/metrics";

    public override void OnArrived(int rank, SimRequest request)
    {
        requestCount++;
        validationDuration.Observe(request.FrontendSeconds);
    }

    public override void OnFinished(int rank, SimRequest request)
    {
        if (request.FinishReason == FinishReason.Abort)
        {
            validationFailures++;
            return;
        }

        requestSuccess++;
        var scheduled = request.FirstScheduledTime;
        inputLength.Observe(request.PromptTokens);
        maxNewTokens.Observe(request.MaxTokens);
        generatedTokens.Observe(request.OutputTokens);
        requestDuration.Observe(EndToEnd(request));
        queueDuration.Observe(scheduled - request.ArrivalTime);
        var inference = request.FinishTime - scheduled;
        inferenceDuration.Observe(inference);
        meanTimePerToken.Observe(inference / request.OutputTokens);
        skippedTokensCount += request.OutputTokens;
    }

    public override void OnStep(int rank, in StepRecord step)
    {
        // TGI runs prefill and decode as separate model calls; the step's time is split between them.
        var prefillShare = step.TotalTokens == 0 ? 0 : (double)step.PrefillTokens / step.TotalTokens;
        if (step.PrefillSequences > 0)
        {
            Call(0, step.DurationSeconds * prefillShare);
            batchNextSize.Observe(step.PrefillSequences);
            if (step.DecodeSequences > 0)
            {
                concatChunking++;
                concatDuration.Observe(0.0002 * step.DecodeSequences);
            }
        }

        if (step.DecodeSequences > 0)
        {
            Call(1, step.DurationSeconds * (1 - prefillShare));
        }
    }

    private void Call(int method, double seconds)
    {
        inferenceCalls[method]++;
        forward[method].Observe(seconds * 0.97);
        decode[method].Observe(seconds * 0.02);
        filter[method].Observe(seconds * 0.01);
        batchInference[method].Observe(seconds);
    }

    public override string Render(double now)
    {
        double running = 0, waiting = 0, usedTokens = 0;
        foreach (var rank in Ranks)
        {
            running += rank.RunningCount;
            waiting += rank.WaitingCount;
            usedTokens += (double)rank.UsedBlocks * rank.BlockSize;
        }

        var b = new ExpositionBuilder(FloatStyle.Rust);
        b.Family("tgi_request_success", MetricType.Counter, "Successful requests");
        b.Sample("tgi_request_success", [], requestSuccess).BlankLine();
        b.Family("tgi_batch_concat", MetricType.Counter, null);
        b.Sample("tgi_batch_concat", [("reason", "chunking")], concatChunking).BlankLine();
        b.Family("tgi_request_count", MetricType.Counter, "Requests received");
        b.Sample("tgi_request_count", [], requestCount).BlankLine();
        b.Family("tgi_request_failure", MetricType.Counter, null);
        b.Sample("tgi_request_failure", [("err", "validation")], validationFailures).BlankLine();
        b.Family("tgi_batch_inference_success", MetricType.Counter, "Successful model calls per method (prefill or decode)");
        b.Sample("tgi_batch_inference_success", [("method", "prefill")], inferenceCalls[0]);
        b.Sample("tgi_batch_inference_success", [("method", "decode")], inferenceCalls[1]).BlankLine();
        b.Family("tgi_batch_inference_count", MetricType.Counter, "Model calls per method (prefill or decode)");
        b.Sample("tgi_batch_inference_count", [("method", "decode")], inferenceCalls[1]);
        b.Sample("tgi_batch_inference_count", [("method", "prefill")], inferenceCalls[0]).BlankLine();
        b.Family("tgi_queue_size", MetricType.Gauge, "Requests in the queue");
        b.Sample("tgi_queue_size", [], waiting).BlankLine();
        b.Family("tgi_batch_current_max_tokens", MetricType.Gauge, "Token budget of the current batch");
        b.Sample("tgi_batch_current_max_tokens", [], usedTokens).BlankLine();
        b.Family("tgi_batch_current_size", MetricType.Gauge, "Requests in the current batch");
        b.Sample("tgi_batch_current_size", [], running).BlankLine();

        Histogram(b, "tgi_request_input_length", "Prompt tokens per request", inputLength);
        Histogram(b, "tgi_request_max_new_tokens", "max_new_tokens per request", maxNewTokens);
        Histogram(b, "tgi_request_inference_duration", "Request inference time", inferenceDuration);

        b.Family("tgi_request_skipped_tokens", MetricType.Summary, "Speculated tokens per request");
        foreach (var quantile in (ReadOnlySpan<string>)["0", "0.5", "0.9", "0.95", "0.99", "0.999", "1"])
        {
            b.Sample("tgi_request_skipped_tokens", [("quantile", quantile)], 0);
        }

        b.Sample("tgi_request_skipped_tokens_sum", [], 0);
        b.Sample("tgi_request_skipped_tokens_count", [], skippedTokensCount).BlankLine();

        PerMethod(b, "tgi_batch_forward_duration", "Batch forward time per method (prefill or decode)", forward, [0, 1]);
        Histogram(b, "tgi_request_duration", "Request time", requestDuration);
        Histogram(b, "tgi_request_validation_duration", "Request validation time", validationDuration);
        Histogram(b, "tgi_request_queue_duration", "Request queue time", queueDuration);
        PerMethod(b, "tgi_batch_filter_duration", "Batch filtering and token sending time per method (prefill or decode)", filter, [1, 0]);
        PerMethod(b, "tgi_batch_inference_duration", "Batch inference time", batchInference, [0, 1]);
        Histogram(b, "tgi_request_mean_time_per_token_duration", "Mean time per generated token per request", meanTimePerToken);
        b.Family("tgi_batch_concat_duration", MetricType.Histogram, null);
        b.Histogram("tgi_batch_concat_duration", [("method", "decode")], concatDuration, 1, HistogramOrder.BucketsSumCount).BlankLine();
        Histogram(b, "tgi_request_generated_tokens", "Generated tokens per request", generatedTokens);
        PerMethod(b, "tgi_batch_decode_duration", "Batch token decoding time per method (prefill or decode)", decode, [0, 1]);
        Histogram(b, "tgi_batch_next_size", "Size of the next batch", batchNextSize);
        return b.ToString();
    }

    private static void Histogram(ExpositionBuilder b, string name, string help, Histogram histogram)
    {
        b.Family(name, MetricType.Histogram, help);
        b.Histogram(name, [], histogram, 0, HistogramOrder.BucketsSumCount).BlankLine();
    }

    private static void PerMethod(ExpositionBuilder b, string name, string help, Histogram[] histograms, int[] order)
    {
        b.Family(name, MetricType.Histogram, help);
        foreach (var method in order)
        {
            b.Histogram(name, [("method", methods[method])], histograms[method], 1, HistogramOrder.BucketsSumCount);
        }

        b.BlankLine();
    }

    /// <summary>Returns bounds <c>step × k</c> for k = 1..100, as TGI sizes its token histograms.</summary>
    private static double[] Linear(double step)
    {
        var bounds = new double[100];
        for (var k = 1; k <= 100; k++)
        {
            bounds[k - 1] = step * k;
        }

        return bounds;
    }
}

using System.Globalization;
using InferScope.Model;
using InferScope.Simulation.Engine;

namespace InferScope.Simulation.Metrics;

/// <summary>
/// vLLM V1 (0.10) metrics in prometheus_client single-process mode: one series per engine core
/// (<c>engine</c> label = data-parallel rank), labels sorted by name, values printed as Python
/// floats, and a <c>_created</c> gauge after every counter and histogram. The deprecated
/// <c>gpu_cache_usage_perc</c> and <c>gpu_prefix_cache_*</c> families are still present, as in 0.10.
/// </summary>
public sealed class VllmMetrics : EngineMetrics
{
    private static readonly double[] requestLatencyBounds =
        [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680];

    private static readonly double[] timeToFirstTokenBounds =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];

    private static readonly double[] interTokenBounds =
        [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80];

    private static readonly double[] iterationTokenBounds = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];

    private static readonly double[] paramsNBounds = [1, 2, 5, 10, 20];

    private readonly List<RankState> states = [];
    private readonly double[] tokenBounds;

    public VllmMetrics(EngineDescriptor descriptor)
        : base(descriptor)
    {
        tokenBounds = OneTwoFive(descriptor.Model.MaxModelLength);
    }

    public override string MetricsPath => "/metrics";

    private RankState State(int rank)
    {
        while (states.Count <= rank)
        {
            states.Add(new RankState(tokenBounds));
        }

        return states[rank];
    }

    public override void OnFirstToken(int rank, SimRequest request)
    {
        var state = State(rank);
        state.TimeToFirstToken.Observe(TimeToFirstToken(request));
    }

    public override void OnToken(int rank, SimRequest request, double gapSeconds)
    {
        var state = State(rank);
        state.TimePerOutputToken.Observe(gapSeconds);
        state.InterTokenLatency.Observe(gapSeconds);
    }

    public override void OnPreempted(int rank, SimRequest request) => State(rank).Preemptions++;

    public override void OnScheduled(int rank, SimRequest request)
    {
        var state = State(rank);
        state.PrefixQueries += request.PromptTokens;
        state.PrefixHits += request.CachedTokens;
    }

    public override void OnFinished(int rank, SimRequest request)
    {
        var state = State(rank);
        state.Success[(int)request.FinishReason - 1]++;
        if (request.FinishReason == FinishReason.Abort && double.IsNaN(request.FirstScheduledTime))
        {
            return;
        }

        state.PromptTokens += request.PromptTokens;
        state.GenerationTokens += request.OutputTokens;
        state.EndToEnd.Observe(EndToEnd(request));
        var scheduled = double.IsNaN(request.FirstScheduledTime) ? request.FinishTime : request.FirstScheduledTime;
        var firstToken = double.IsNaN(request.FirstTokenTime) ? request.FinishTime : request.FirstTokenTime;
        state.QueueTime.Observe(scheduled - request.ArrivalTime);
        state.InferenceTime.Observe(request.FinishTime - scheduled);
        state.PrefillTime.Observe(firstToken - scheduled);
        state.DecodeTime.Observe(request.FinishTime - firstToken);
        state.PromptTokensPerRequest.Observe(request.PromptTokens);
        state.GenerationTokensPerRequest.Observe(request.OutputTokens);
        state.MaxGenerationTokens.Observe(request.MaxTokens);
        state.ParamsMaxTokens.Observe(request.MaxTokens);
        state.ParamsN.Observe(1);
    }

    public override void OnStep(int rank, in StepRecord step) => State(rank).IterationTokens.Observe(step.TotalTokens);

    public override string Render(double now)
    {
        for (var rank = 0; rank < Ranks.Count; rank++)
        {
            State(rank);
        }

        var model = Descriptor.ServedModelName;
        var created = Descriptor.StartUnixSeconds;
        var b = new ExpositionBuilder(FloatStyle.Python);

        Gauge(b, "vllm:num_requests_running", "Requests in the running batch.", s => s.RunningCount);
        Gauge(b, "vllm:num_requests_waiting", "Requests waiting to be scheduled.", s => s.WaitingCount);
        Gauge(b, "vllm:gpu_cache_usage_perc", "GPU KV-cache usage, 1 means full. DEPRECATED: Use vllm:kv_cache_usage_perc instead.", s => s.KvCacheUsage);
        Gauge(b, "vllm:kv_cache_usage_perc", "KV-cache usage, 1 means full.", s => s.KvCacheUsage);

        Counter(b, "vllm:num_preemptions", "Preemptions by the engine scheduler.", s => s.Preemptions);
        Counter(b, "vllm:prompt_tokens", "Prefill tokens processed.", s => s.PromptTokens);
        Counter(b, "vllm:generation_tokens", "Generation tokens processed.", s => s.GenerationTokens);

        const string successHelp = "Finished requests by reason.";
        b.Family("vllm:request_success_total", MetricType.Counter, successHelp);
        var reasons = new[] { "stop", "length", "abort" };
        ForRanks((rank, state) =>
        {
            for (var r = 0; r < reasons.Length; r++)
            {
                b.Sample("vllm:request_success_total", [("engine", rank), ("finished_reason", reasons[r]), ("model_name", model)], state.Success[r]);
            }
        });
        b.Family("vllm:request_success_created", MetricType.Gauge, successHelp);
        ForRanks((rank, _) =>
        {
            foreach (var reason in reasons)
            {
                b.Sample("vllm:request_success_created", [("engine", rank), ("finished_reason", reason), ("model_name", model)], created);
            }
        });

        Counter(b, "vllm:gpu_prefix_cache_queries", "GPU prefix-cache queries, in tokens. DEPRECATED: Use vllm:prefix_cache_queries instead.", s => s.PrefixQueries);
        Counter(b, "vllm:gpu_prefix_cache_hits", "GPU prefix-cache hits, in tokens. DEPRECATED: Use vllm:prefix_cache_hits instead.", s => s.PrefixHits);
        Counter(b, "vllm:prefix_cache_queries", "Prefix-cache queries, in tokens.", s => s.PrefixQueries);
        Counter(b, "vllm:prefix_cache_hits", "Prefix-cache hits, in tokens.", s => s.PrefixHits);

        Histogram(b, "vllm:iteration_tokens_total", "Tokens per engine step.", s => s.IterationTokens);
        Histogram(b, "vllm:time_to_first_token_seconds", "Time to first token, in seconds.", s => s.TimeToFirstToken);
        Histogram(b, "vllm:time_per_output_token_seconds", "Time per output token, in seconds. DEPRECATED: Use vllm:inter_token_latency_seconds instead.", s => s.TimePerOutputToken);
        Histogram(b, "vllm:inter_token_latency_seconds", "Gap between successive output tokens, in seconds.", s => s.InterTokenLatency);
        Histogram(b, "vllm:e2e_request_latency_seconds", "End-to-end request latency, in seconds.", s => s.EndToEnd);
        Histogram(b, "vllm:request_queue_time_seconds", "Time a request spent waiting before its first scheduling, in seconds.", s => s.QueueTime);
        Histogram(b, "vllm:request_inference_time_seconds", "Time from first scheduling to finish, in seconds.", s => s.InferenceTime);
        Histogram(b, "vllm:request_prefill_time_seconds", "Time from first scheduling to the first token, in seconds.", s => s.PrefillTime);
        Histogram(b, "vllm:request_decode_time_seconds", "Time from the first token to the last, in seconds.", s => s.DecodeTime);
        Histogram(b, "vllm:request_prompt_tokens", "Prompt tokens per request.", s => s.PromptTokensPerRequest);
        Histogram(b, "vllm:request_generation_tokens", "Generation tokens per request.", s => s.GenerationTokensPerRequest);
        Histogram(b, "vllm:request_max_num_generation_tokens", "Maximum generation tokens requested per request.", s => s.MaxGenerationTokens);
        Histogram(b, "vllm:request_params_n", "The n parameter of each request.", s => s.ParamsN);
        Histogram(b, "vllm:request_params_max_tokens", "The max_tokens parameter of each request.", s => s.ParamsMaxTokens);

        b.Family("vllm:cache_config_info", MetricType.Gauge, "KV-cache configuration.");
        ForRanks((rank, _) =>
        {
            var scheduler = Ranks[int.Parse(rank, CultureInfo.InvariantCulture)];
            b.Sample(
                "vllm:cache_config_info",
                [
                    ("block_size", scheduler.BlockSize.ToString(CultureInfo.InvariantCulture)),
                    ("cache_dtype", "auto"),
                    ("enable_prefix_caching", Descriptor.Tuning.PrefixCaching ? "True" : "False"),
                    ("engine", rank),
                    ("gpu_memory_utilization", Descriptor.MemoryUtilization.ToString(CultureInfo.InvariantCulture)),
                    ("model_name", model),
                    ("num_cpu_blocks", "0"),
                    ("num_gpu_blocks", scheduler.TotalBlocks.ToString(CultureInfo.InvariantCulture)),
                ],
                1);
        });

        return b.ToString();

        void ForRanks(Action<string, RankState> write)
        {
            for (var rank = 0; rank < Ranks.Count; rank++)
            {
                write(rank.ToString(CultureInfo.InvariantCulture), states[rank]);
            }
        }

        void Gauge(ExpositionBuilder builder, string name, string help, Func<EngineScheduler, double> value)
        {
            builder.Family(name, MetricType.Gauge, help);
            ForRanks((rank, _) => builder.Sample(name, [("engine", rank), ("model_name", model)], value(Ranks[int.Parse(rank, CultureInfo.InvariantCulture)])));
        }

        void Counter(ExpositionBuilder builder, string baseName, string help, Func<RankState, double> value)
        {
            builder.Family(baseName + "_total", MetricType.Counter, help);
            ForRanks((rank, state) => builder.Sample(baseName + "_total", [("engine", rank), ("model_name", model)], value(state)));
            builder.Family(baseName + "_created", MetricType.Gauge, help);
            ForRanks((rank, _) => builder.Sample(baseName + "_created", [("engine", rank), ("model_name", model)], created));
        }

        void Histogram(ExpositionBuilder builder, string name, string help, Func<RankState, Histogram> histogram)
        {
            builder.Family(name, MetricType.Histogram, help);
            ForRanks((rank, state) => builder.Histogram(name, [("engine", rank), ("model_name", model)], histogram(state), leIndex: 1));
            builder.Family(name + "_created", MetricType.Gauge, help);
            ForRanks((rank, _) => builder.Sample(name + "_created", [("engine", rank), ("model_name", model)], created));
        }
    }

    private sealed class RankState(double[] tokenBounds)
    {
        public double Preemptions { get; set; }

        public double PromptTokens { get; set; }

        public double GenerationTokens { get; set; }

        public double PrefixQueries { get; set; }

        public double PrefixHits { get; set; }

        /// <summary>Finished requests indexed by <see cref="FinishReason"/> − 1 (stop, length, abort).</summary>
        public double[] Success { get; } = new double[3];

        public Histogram IterationTokens { get; } = new(iterationTokenBounds);

        public Histogram TimeToFirstToken { get; } = new(timeToFirstTokenBounds);

        public Histogram TimePerOutputToken { get; } = new(interTokenBounds);

        public Histogram InterTokenLatency { get; } = new(interTokenBounds);

        public Histogram EndToEnd { get; } = new(requestLatencyBounds);

        public Histogram QueueTime { get; } = new(requestLatencyBounds);

        public Histogram InferenceTime { get; } = new(requestLatencyBounds);

        public Histogram PrefillTime { get; } = new(requestLatencyBounds);

        public Histogram DecodeTime { get; } = new(requestLatencyBounds);

        public Histogram PromptTokensPerRequest { get; } = new(tokenBounds);

        public Histogram GenerationTokensPerRequest { get; } = new(tokenBounds);

        public Histogram MaxGenerationTokens { get; } = new(tokenBounds);

        public Histogram ParamsMaxTokens { get; } = new(tokenBounds);

        public Histogram ParamsN { get; } = new(paramsNBounds);
    }
}

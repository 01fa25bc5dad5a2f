using System.Globalization;
using InferScope.Model;

namespace InferScope.Benchmarks;

/// <summary>
/// A generated LLM-fleet dataset for storage benchmarks. Each instance has one vLLM engine's
/// metrics and one GPU's DCGM exporter gauges. The engine exposes histograms of TTFT, time per
/// output token, end-to-end latency and token counts, counters of tokens and requests, and gauges
/// of running and waiting requests and KV-cache usage. Load follows a slow daily-like curve with noise; every value is the full
/// double an exporter would expose. The same seed gives the same samples.
/// </summary>
internal sealed class StorageDataset
{
    private static readonly double[] TtftBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] TpotBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
    private static readonly double[] E2eBuckets = [1.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0];
    private static readonly double[] TokenBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

    public StorageDataset(int instances, TimeSpan duration, TimeSpan interval, long startMs = 1_764_806_400_000, int seed = 1)
    {
        Instances = instances;
        Duration = duration;
        Interval = interval;
        StartMs = startMs;
        Seed = seed;
    }

    public int Instances { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Interval { get; }

    public long StartMs { get; }

    public int Seed { get; }

    public int Steps => (int)(Duration.Ticks / Interval.Ticks);

    /// <summary>Calls <paramref name="sample"/> for every sample, series by series in time order per instance.</summary>
    public void Generate(Action<Labels, long, double> sample)
    {
        for (var instance = 0; instance < Instances; instance++)
        {
            new InstanceModel(this, instance).Emit(sample);
        }
    }

    private sealed class InstanceModel
    {
        private readonly StorageDataset dataset;
        private readonly Random random;
        private readonly string instance;
        private readonly string gpuUuid;
        private readonly double baseRate;

        public InstanceModel(StorageDataset dataset, int index)
        {
            this.dataset = dataset;
            random = new Random(dataset.Seed * 7919 + index);
            instance = $"10.0.{index / 200}.{10 + (index % 200)}:8000";
            gpuUuid = $"GPU-{new Guid(index, 0x1234, 0x5678, 0, 1, 2, 3, 4, 5, 6, 7)}";
            baseRate = 1.5 + (random.NextDouble() * 4);
        }

        public void Emit(Action<Labels, long, double> sample)
        {
            var steps = dataset.Steps;
            var seconds = dataset.Interval.TotalSeconds;
            var vllm = new Dictionary<string, List<(long, double)>>(StringComparer.Ordinal);
            var series = new Dictionary<string, Labels>(StringComparer.Ordinal);
            var ttft = new HistogramState(TtftBuckets);
            var tpot = new HistogramState(TpotBuckets);
            var e2e = new HistogramState(E2eBuckets);
            var promptTokens = new HistogramState(TokenBuckets);
            var generationTokens = new HistogramState(TokenBuckets);
            double promptTotal = 0, generationTotal = 0, stopTotal = 0, lengthTotal = 0, preemptions = 0, energy = 1.2e9 + random.Next(1_000_000);
            const int TotalBlocks = 7281;

            void Add(string key, Labels labels, long t, double v)
            {
                if (!vllm.TryGetValue(key, out var list))
                {
                    list = [];
                    vllm[key] = list;
                    series[key] = labels;
                }

                list.Add((t, v));
            }

            for (var step = 0; step < steps; step++)
            {
                var t = dataset.StartMs + (long)(step * dataset.Interval.TotalMilliseconds);
                var phase = 2 * Math.PI * step / Math.Max(steps, 1);
                var rate = baseRate * (1 + (0.3 * Math.Sin(phase)) + (0.1 * (random.NextDouble() - 0.5)));
                var requests = Poisson(rate * seconds);
                var stops = (int)Math.Round(requests * 0.85);
                stopTotal += stops;
                lengthTotal += requests - stops;
                var promptPerRequest = 400 + random.Next(600);
                var generatedPerRequest = 150 + random.Next(250);
                promptTotal += requests * promptPerRequest;
                generationTotal += requests * generatedPerRequest;
                var load = Math.Min(1, rate / 6);
                ttft.Observe(requests, 0.05 + (0.4 * load * load), 0.8, random);
                tpot.Observe(requests * generatedPerRequest, 0.02 + (0.03 * load), 0.4, random);
                e2e.Observe(requests, 3 + (6 * load), 0.5, random);
                promptTokens.Observe(requests, promptPerRequest, 0.6, random, integral: true);
                generationTokens.Observe(requests, generatedPerRequest, 0.5, random, integral: true);
                var running = Math.Max(0, (int)Math.Round(rate * 4 + (random.NextDouble() * 3)));
                var waiting = load > 0.8 ? random.Next(0, 6) : 0;
                if (waiting > 3)
                {
                    preemptions += random.Next(0, 2);
                }

                var usedBlocks = Math.Min(TotalBlocks, (int)(running * 180 + random.Next(400)));

                var engine = Labels.FromPairs("job", "vllm", "instance", instance, "model_name", "meta-llama/Llama-3.1-8B-Instruct");
                Add("running", With(engine, "vllm:num_requests_running"), t, running);
                Add("waiting", With(engine, "vllm:num_requests_waiting"), t, waiting);
                Add("kv", With(engine, "vllm:gpu_cache_usage_perc"), t, usedBlocks / (double)TotalBlocks);
                Add("preempt", With(engine, "vllm:num_preemptions_total"), t, preemptions);
                Add("prompt", With(engine, "vllm:prompt_tokens_total"), t, promptTotal);
                Add("gen", With(engine, "vllm:generation_tokens_total"), t, generationTotal);
                Add("stop", With(engine, "vllm:request_success_total", "finished_reason", "stop"), t, stopTotal);
                Add("length", With(engine, "vllm:request_success_total", "finished_reason", "length"), t, lengthTotal);
                ttft.Emit("vllm:time_to_first_token_seconds", engine, t, Add);
                tpot.Emit("vllm:time_per_output_token_seconds", engine, t, Add);
                e2e.Emit("vllm:e2e_request_latency_seconds", engine, t, Add);
                promptTokens.Emit("vllm:request_prompt_tokens", engine, t, Add);
                generationTokens.Emit("vllm:request_generation_tokens", engine, t, Add);

                var gpu = Labels.FromPairs("job", "dcgm", "instance", instance, "gpu", "0", "UUID", gpuUuid, "device", "nvidia0", "modelName", "NVIDIA L4", "Hostname", "ip-" + instance.Split(':')[0].Replace('.', '-'));
                var util = Math.Clamp((int)Math.Round(load * 95 + random.Next(-3, 4)), 0, 100);
                var power = 35 + (util * 0.37) + (random.NextDouble() * 2);
                energy += Math.Round(power * seconds * 1000);
                Add("util", With(gpu, "DCGM_FI_DEV_GPU_UTIL"), t, util);
                Add("memcopy", With(gpu, "DCGM_FI_DEV_MEM_COPY_UTIL"), t, Math.Clamp(util - 10 + random.Next(-2, 3), 0, 100));
                Add("fbused", With(gpu, "DCGM_FI_DEV_FB_USED"), t, 20_480 + (usedBlocks / 4));
                Add("fbfree", With(gpu, "DCGM_FI_DEV_FB_FREE"), t, 22_528 - 20_480 - (usedBlocks / 4) + 20_000);
                Add("temp", With(gpu, "DCGM_FI_DEV_GPU_TEMP"), t, 45 + (int)(util * 0.3) + random.Next(0, 2));
                Add("memtemp", With(gpu, "DCGM_FI_DEV_MEMORY_TEMP"), t, 50 + (int)(util * 0.25));
                Add("power", With(gpu, "DCGM_FI_DEV_POWER_USAGE"), t, Math.Round(power, 3));
                Add("smclock", With(gpu, "DCGM_FI_DEV_SM_CLOCK"), t, util > 90 ? 1905 - (random.Next(0, 3) * 15) : 2040);
                Add("memclock", With(gpu, "DCGM_FI_DEV_MEM_CLOCK"), t, 6251);
                Add("xid", With(gpu, "DCGM_FI_DEV_XID_ERRORS"), t, 0);
                Add("energy", With(gpu, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"), t, energy);
                Add("active", With(gpu, "DCGM_FI_PROF_GR_ENGINE_ACTIVE"), t, Math.Round(util / 100.0 * (0.9 + (random.NextDouble() * 0.1)), 6));
            }

            foreach (var (key, samples) in vllm)
            {
                var labels = series[key];
                foreach (var (t, v) in samples)
                {
                    sample(labels, t, v);
                }
            }
        }

        private int Poisson(double mean)
        {
            // A normal approximation is close enough for the means used here (above 10).
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Gaussian(random))));
        }

        private static Labels With(Labels labels, string name, params string[] extra)
        {
            var builder = labels.ToBuilder().Set(LabelNames.MetricName, name);
            for (var i = 0; i + 1 < extra.Length; i += 2)
            {
                builder.Set(extra[i], extra[i + 1]);
            }

            return builder.Build();
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A cumulative classic histogram fed with lognormally distributed observations.</summary>
    private sealed class HistogramState
    {
        private readonly double[] bounds;
        private readonly double[] counts;
        private double count;
        private double sum;

        public HistogramState(double[] bounds)
        {
            this.bounds = bounds;
            counts = new double[bounds.Length];
        }

        /// <summary>Adds <paramref name="observations"/> values with the given median and log-spread.</summary>
        public void Observe(int observations, double median, double spread, Random random, bool integral = false)
        {
            if (observations <= 0)
            {
                return;
            }

            // Each observation falls into one bucket at random, so the count of each bucket's own
            // range varies around its expectation as a binomial draw (normal approximation).
            var previousFraction = 0.0;
            var cumulative = 0.0;
            for (var i = 0; i < bounds.Length; i++)
            {
                var fraction = NormalCdf(Math.Log(bounds[i] / median) / spread);
                var p = fraction - previousFraction;
                var expected = observations * p;
                cumulative += Math.Max(0, Math.Round(expected + (Math.Sqrt(expected * (1 - p)) * Gaussian(random))));
                counts[i] += cumulative;
                previousFraction = fraction;
            }

            var above = observations * (1 - previousFraction);
            cumulative += Math.Max(0, Math.Round(above + (Math.Sqrt(above * previousFraction) * Gaussian(random))));
            count += cumulative;
            // The sum approximates adding every observation from up to 64 draws. Token counts are whole numbers.
            var samples = Math.Min(observations, 64);
            for (var i = 0; i < samples; i++)
            {
                var observed = median * Math.Exp(spread * Gaussian(random)) * observations / samples;
                sum += integral ? Math.Round(observed) : observed;
            }
        }

        public void Emit(string name, Labels engine, long t, Action<string, Labels, long, double> add)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                var le = bounds[i].ToString("0.0##", CultureInfo.InvariantCulture);
                add(name + le, engine.ToBuilder().Set(LabelNames.MetricName, name + "_bucket").Set("le", le).Build(), t, counts[i]);
            }

            add(name + "+Inf", engine.ToBuilder().Set(LabelNames.MetricName, name + "_bucket").Set("le", "+Inf").Build(), t, count);
            add(name + "_sum", engine.ToBuilder().Set(LabelNames.MetricName, name + "_sum").Build(), t, sum);
            add(name + "_count", engine.ToBuilder().Set(LabelNames.MetricName, name + "_count").Build(), t, count);
        }

        private static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

        private static double Erf(double x)
        {
            // Abramowitz and Stegun 7.1.26, accurate to about 1e-7.
            var sign = Math.Sign(x);
            x = Math.Abs(x);
            var t = 1 / (1 + (0.3275911 * x));
            var y = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
            return sign * y;
        }
    }
}

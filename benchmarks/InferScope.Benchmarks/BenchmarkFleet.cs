using System.Globalization;
using InferScope.Model;
using InferScope.PromQL.Testing;

namespace InferScope.Benchmarks;

/// <summary>Deterministic fleet data for query benchmarks: per instance, request and token counters, a latency histogram, KV-cache usage and eight GPU temperatures, every 15 s.</summary>
internal static class BenchmarkFleet
{
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_767_571_200);

    private static readonly double[] Bounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, double.PositiveInfinity];

    public static Dictionary<Labels, List<Sample>> Build(int instances, int hours)
    {
        var random = new Random(7);
        var data = new Dictionary<Labels, List<Sample>>();
        var startMs = Start.ToUnixTimeMilliseconds();
        var steps = hours * 240;
        string[] zones = ["us-east-1a", "us-east-1b", "eu-west-1a"];
        string[] models = ["llama-70b", "mistral-7b", "qwen-32b"];
        for (var n = 0; n < instances; n++)
        {
            string[] common = ["instance", $"10.0.{n / 250}.{n % 250}:8000", "az", zones[n % zones.Length], "model", models[n % models.Length], "job", "vllm"];
            double requests = 0, tokens = 0, sum = 0;
            var cumulative = new double[Bounds.Length];
            for (var i = 0; i < steps; i++)
            {
                var t = startMs + (i * 15_000L);
                var served = random.Next(0, 20);
                requests += served;
                tokens += served * random.Next(50, 400);
                for (var k = 0; k < served; k++)
                {
                    var latency = random.NextDouble() * random.NextDouble() * 4;
                    sum += latency;
                    for (var b = 0; b < Bounds.Length; b++)
                    {
                        cumulative[b] += latency <= Bounds[b] ? 1 : 0;
                    }
                }

                Add(data, t, requests, [.. common, "__name__", "llm_requests_total"]);
                Add(data, t, tokens, [.. common, "__name__", "llm_generation_tokens_total"]);
                Add(data, t, random.NextDouble(), [.. common, "__name__", "llm_kv_cache_usage_ratio"]);
                Add(data, t, cumulative[^1], [.. common, "__name__", "llm_request_latency_seconds_count"]);
                Add(data, t, sum, [.. common, "__name__", "llm_request_latency_seconds_sum"]);
                for (var b = 0; b < Bounds.Length; b++)
                {
                    var le = double.IsPositiveInfinity(Bounds[b]) ? "+Inf" : Bounds[b].ToString(CultureInfo.InvariantCulture);
                    Add(data, t, cumulative[b], [.. common, "le", le, "__name__", "llm_request_latency_seconds_bucket"]);
                }

                for (var gpu = 0; gpu < 8; gpu++)
                {
                    Add(data, t, 50 + (10 * Math.Sin((i + n + gpu) / 40.0)) + random.Next(0, 3), [.. common, "gpu", gpu.ToString(CultureInfo.InvariantCulture), "__name__", "gpu_temperature_celsius"]);
                }
            }
        }

        return data;
    }

    public static ScratchStore ToStore(Dictionary<Labels, List<Sample>> data)
    {
        var store = new ScratchStore();
        foreach (var (labels, samples) in data)
        {
            foreach (var sample in samples)
            {
                store.Add(labels, sample.TimestampMs, sample.Value);
            }
        }

        return store;
    }

    private static void Add(Dictionary<Labels, List<Sample>> data, long t, double value, string[] pairs)
    {
        var labels = Labels.FromPairs(pairs);
        if (!data.TryGetValue(labels, out var list))
        {
            list = [];
            data.Add(labels, list);
        }

        list.Add(new Sample(t, value));
    }
}

using System.Globalization;
using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.PromQL.Testing;

namespace InferScope.PromQL.Tests;

/// <summary>
/// A small deterministic fleet: request counters with resets, latency histograms, KV-cache and
/// GPU gauges for six instances in three zones over two hours. Sample times carry a few
/// milliseconds of jitter so that no sample sits exactly on a query window edge, where
/// Prometheus 2.42 (closed windows) and 3.x (left-open windows) disagree by design.
/// </summary>
internal static class FleetDataset
{
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_767_571_200);

    public static readonly TimeSpan Length = TimeSpan.FromHours(2);

    public static readonly double[] Bounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, double.PositiveInfinity];

    public static Dictionary<Labels, List<Sample>> Build()
    {
        var random = new Random(4242);
        var data = new Dictionary<Labels, List<Sample>>();
        var startMs = Start.ToUnixTimeMilliseconds();
        var steps = (int)(Length.TotalSeconds / 15);
        string[] zones = ["us-east-1a", "us-east-1b", "eu-west-1a"];
        string[] models = ["llama-70b", "mistral-7b"];
        for (var n = 0; n < 6; n++)
        {
            var instance = $"10.0.0.{n + 1}:8000";
            var zone = zones[n % zones.Length];
            var model = models[n % models.Length];
            var common = new[] { "instance", instance, "az", zone, "model", model, "job", "vllm" };
            var requests = 1000.0 + (n * 137);
            var tokens = 50_000.0 + (n * 1000);
            var cumulative = new double[Bounds.Length];
            var sum = 0.0;
            for (var i = 0; i < steps; i++)
            {
                var t = startMs + (i * 15_000L) + random.Next(1, 400);
                var served = random.Next(0, 20);
                requests += served;
                tokens += served * random.Next(50, 400);
                if (n == 2 && i == steps / 2)
                {
                    requests = 3;
                }

                for (var k = 0; k < served; k++)
                {
                    var latency = random.NextDouble() * random.NextDouble() * 4;
                    sum += latency;
                    for (var b = 0; b < Bounds.Length; b++)
                    {
                        if (latency <= Bounds[b])
                        {
                            cumulative[b]++;
                        }
                    }
                }

                Add(data, t, requests, [.. common, "__name__", "llm_requests_total"]);
                Add(data, t, tokens, [.. common, "__name__", "llm_generation_tokens_total"]);
                Add(data, t, Math.Round(random.NextDouble(), 3), [.. common, "__name__", "llm_kv_cache_usage_ratio"]);
                Add(data, t, cumulative[^1], [.. common, "__name__", "llm_request_latency_seconds_count"]);
                Add(data, t, sum, [.. common, "__name__", "llm_request_latency_seconds_sum"]);
                for (var b = 0; b < Bounds.Length; b++)
                {
                    var le = double.IsPositiveInfinity(Bounds[b]) ? "+Inf" : Bounds[b].ToString(CultureInfo.InvariantCulture);
                    Add(data, t, cumulative[b], [.. common, "le", le, "__name__", "llm_request_latency_seconds_bucket"]);
                }

                for (var gpu = 0; gpu < 2; gpu++)
                {
                    var temperature = 55 + (n * 2) + (gpu * 3) + (10 * Math.Sin((i + (n * 7)) / 40.0)) + random.Next(0, 3);
                    Add(data, t, temperature, [.. common, "gpu", gpu.ToString(CultureInfo.InvariantCulture), "__name__", "gpu_temperature_celsius"]);
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

    /// <summary>
    /// Appends every sample to a store in time order, in commits of 1,000 samples, so that no
    /// sample is older than the store's head accepts.
    /// </summary>
    public static async Task AppendInTimeOrderAsync(Dictionary<Labels, List<Sample>> data, IAppendable store)
    {
        var ordered = data
            .SelectMany(pair => pair.Value.Select(sample => (Labels: pair.Key, Sample: sample)))
            .OrderBy(entry => entry.Sample.TimestampMs)
            .ToList();
        var index = 0;
        while (index < ordered.Count)
        {
            using var appender = store.CreateAppender();
            var end = Math.Min(ordered.Count, index + 1000);
            for (; index < end; index++)
            {
                var (labels, sample) = ordered[index];
                var status = appender.Append(labels, sample.TimestampMs, sample.Value);
                if (status != AppendStatus.Ok)
                {
                    throw new InvalidOperationException($"the store rejected {labels} at {sample.TimestampMs}: {status}");
                }
            }

            await appender.CommitAsync();
        }
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

using System.Globalization;
using System.Text;

namespace InferScope.Benchmarks;

/// <summary>
/// Builds a large vLLM-style payload: per data-parallel engine rank, the latency and token histograms,
/// counters and gauges that a vLLM V1 server exposes, with vLLM's own bucket bounds.
/// </summary>
internal static class SyntheticExposition
{
    private static (string Name, double[] Bounds)[] Histograms { get; } =
    [
        ("vllm:time_to_first_token_seconds", [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0]),
        ("vllm:inter_token_latency_seconds", [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0]),
        ("vllm:e2e_request_latency_seconds", [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0]),
        ("vllm:request_queue_time_seconds", [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0]),
        ("vllm:request_prefill_time_seconds", [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0]),
        ("vllm:request_decode_time_seconds", [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0]),
        ("vllm:request_prompt_tokens", [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 131072]),
        ("vllm:request_generation_tokens", [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 131072]),
    ];

    /// <summary>Returns the payload in the Prometheus text format 0.0.4 for <paramref name="engines"/> ranks.</summary>
    public static byte[] Create(int engines)
    {
        var text = new StringBuilder();
        var random = new Random(42);
        const string Model = "meta-llama/Llama-3.1-8B-Instruct";
        foreach (var (name, bounds) in Histograms)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} Histogram of {name[5..]}.\n# TYPE {name} histogram\n");
            for (var engine = 0; engine < engines; engine++)
            {
                var labels = $"engine=\"{engine}\",model_name=\"{Model}\"";
                long cumulative = 0;
                foreach (var bound in bounds)
                {
                    cumulative += random.Next(0, 500);
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"{bound:0.0##}\"}} {cumulative}.0\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"+Inf\"}} {cumulative}.0\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_count{{{labels}}} {cumulative}.0\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_sum{{{labels}}} {random.NextDouble() * cumulative * 3:R}\n");
            }
        }

        foreach (var name in new[] { "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total" })
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} Counter of {name[5..]}.\n# TYPE {name} counter\n");
            for (var engine = 0; engine < engines; engine++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{{engine=\"{engine}\",model_name=\"{Model}\"}} {random.Next(0, 1_000_000)}.0\n");
            }
        }

        foreach (var name in new[] { "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc" })
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} Gauge of {name[5..]}.\n# TYPE {name} gauge\n");
            for (var engine = 0; engine < engines; engine++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{{engine=\"{engine}\",model_name=\"{Model}\"}} {random.NextDouble():R}\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

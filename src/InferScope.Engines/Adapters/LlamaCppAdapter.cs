using InferScope.Engines.Mapping;
using InferScope.Model;

namespace InferScope.Engines.Adapters;

/// <summary>
/// llama.cpp's <c>llama-server</c> (<c>--metrics</c>). Its families have no labels and no
/// histograms: there is no TTFT, and since 2025 no KV-cache usage.
/// </summary>
internal static class LlamaCppAdapter
{
    public static EngineAdapter Create()
    {
        var rules = new RuleSetBuilder(EngineKind.LlamaCpp, "llamacpp:");
        rules.Copy("prompt_tokens", "llm_prompt_tokens_total");
        rules.Copy("prompt_seconds", "llm_prefill_seconds_total");
        rules.Copy("tokens_predicted", "llm_generation_tokens_total");
        rules.Copy("tokens_predicted_seconds", "llm_decode_seconds_total");
        rules.Copy("n_decode", "llm_engine_iterations_total");

        // Declared a counter, but it is the largest batch seen so far.
        rules.Copy("n_tokens_max", MetricType.Counter, "llm_max_observed_tokens");
        rules.Copy("n_past_max", MetricType.Counter, "llm_max_observed_tokens").ReplacedBy("n_tokens_max");

        // NOTE: these gauges are averages since the previous scrape, so a second scraper of the
        // same server changes the values InferScope reads.
        rules.Copy("prompt_tokens_seconds", "llm_prompt_tokens_per_second");
        rules.Copy("predicted_tokens_seconds", "llm_generation_tokens_per_second");
        rules.Copy("requests_processing", "llm_requests_running");
        rules.Copy("requests_deferred", "llm_requests_waiting");
        rules.Copy("n_busy_slots_per_decode", "llm_batch_size_mean");

        // Removed from llama-server in 2025, but older builds still export them.
        rules.Copy("kv_cache_usage_ratio", "llm_kv_cache_usage_ratio").Deprecated("removed from llama-server in 2025");
        rules.Copy("kv_cache_tokens", "llm_kv_cache_used_tokens").Deprecated("removed from llama-server in 2025");

        return new EngineAdapter(EngineKind.LlamaCpp, rules.Build(), new Dictionary<string, string?>(), [], addsEngineLabel: true);
    }
}

namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private static IEnumerable<UnifiedMetric> TokenMetrics() => new Group(MetricGroup.Tokens, LabelScope.Engine)
        .Counter("llm_prompt_tokens_total", "tokens",
            "Prompt (input) tokens processed, prefix-cache hits included.",
            otel: "gen_ai.client.token.usage (gen_ai.token.type=input)", core: true)
        .Counter("llm_generation_tokens_total", "tokens",
            "Output tokens generated.",
            otel: "gen_ai.client.token.usage (gen_ai.token.type=output)", core: true)
        .Histogram("llm_request_prompt_tokens", "tokens",
            "Prompt length per request.", otel: "gen_ai.client.token.usage (gen_ai.token.type=input)")
        .Histogram("llm_request_generation_tokens", "tokens",
            "Output length per request.", otel: "gen_ai.client.token.usage (gen_ai.token.type=output)")
        .Histogram("llm_request_max_tokens", "tokens",
            "The max_tokens (max_new_tokens) parameter of each request.")
        .Histogram("llm_request_max_generation_tokens", "tokens",
            "The largest number of output tokens a request could produce, across its sequences.")
        .Histogram("llm_request_params_n", "sequences",
            "The n parameter (parallel sequences) of each request.")
        .Histogram("llm_request_prefill_computed_tokens", "tokens",
            "Prompt tokens per request that were actually computed, prefix-cache hits excluded.")
        .Histogram("llm_iteration_tokens", "tokens",
            "Tokens processed per engine step; large steps mean prefill-heavy batches.")
        .Gauge("llm_request_generation_tokens_mean", "tokens",
            "Mean output tokens per request over the engine's own aggregation window.")
        .Gauge("llm_prompt_tokens_per_second", "tokens per second",
            "Prompt throughput as the engine averages it itself. Prefer rate(llm_prompt_tokens_total) where it exists.")
        .Gauge("llm_generation_tokens_per_second", "tokens per second",
            "Output throughput as the engine averages it itself. Prefer rate(llm_generation_tokens_total) where it exists.")
        .Counter("llm_prompt_tokens_cached_total", "tokens",
            "Prompt tokens served from a cache instead of being computed.")
        .Counter("llm_prompt_tokens_by_source_total", "tokens",
            "Prompt tokens by where they came from: local_compute, local_cache_hit or external_kv_transfer.",
            labels: ["source"])
        .Counter("llm_engine_tokens_total", "tokens",
            "Tokens the scheduler processed, by phase (prefill_compute, prefill_cache, decode): the most direct prefill versus decode split.",
            labels: ["phase"])
        .Counter("llm_spec_decode_drafts_total", "drafts",
            "Speculative-decoding draft rounds.")
        .Counter("llm_spec_decode_draft_tokens_total", "tokens",
            "Tokens proposed by the draft model.")
        .Counter("llm_spec_decode_accepted_tokens_total", "tokens",
            "Draft tokens the target model accepted; accepted divided by draft tokens is the acceptance rate.")
        .Gauge("llm_spec_decode_acceptance_length", "tokens",
            "Mean number of tokens accepted per speculative step.")
        .Gauge("llm_spec_decode_acceptance_ratio", "ratio",
            "Fraction of draft tokens accepted (0 to 1).")
        .Gauge("llm_scheduled_context_tokens", "tokens",
            "Prompt (context) tokens in the batch the scheduler currently runs.")
        .Gauge("llm_scheduled_generation_tokens", "tokens",
            "Generation tokens in the batch the scheduler currently runs.")
        .Gauge("llm_max_observed_tokens", "tokens",
            "Largest number of tokens in one batch seen since start.")
        .Counter("llm_engine_iterations_total", "iterations",
            "Engine steps (forward passes), by phase where the engine tells prefill and decode apart.",
            labels: ["phase"])
        .Counter("llm_engine_iteration_failures_total", "iterations",
            "Engine steps that failed, by phase.", labels: ["phase"])
        .In(LabelScope.Endpoint)
        .Gauge("llm_benchmark_output_tokens_per_second", "tokens per second",
            "Output tokens per second one replica reaches in a saturating closed-loop benchmark of the endpoint's request shape; compare with production throughput.",
            producer: "simulation (fleet control plane)")
        .Metrics;
}

namespace InferScope.Engines.Catalog;

public static partial class UnifiedCatalog
{
    private static IEnumerable<UnifiedMetric> KvCacheMetrics() => new Group(MetricGroup.KvCache, LabelScope.Engine)
        .Gauge("llm_kv_cache_usage_ratio", "ratio",
            "Fraction of GPU KV-cache blocks (or token slots) in use, 0 to 1. Near 1 with a growing queue means requests wait for KV room.",
            core: true)
        .Gauge("llm_kv_cache_cpu_usage_ratio", "ratio",
            "Fraction of the host (CPU) KV-cache pool in use, 0 to 1.")
        .Gauge("llm_kv_cache_capacity_blocks", "blocks",
            "Number of KV-cache blocks on the GPU: the pool's capacity.")
        .Gauge("llm_kv_cache_blocks_used", "blocks",
            "KV-cache blocks in use.")
        .Gauge("llm_kv_cache_blocks_free", "blocks",
            "KV-cache blocks free.")
        .Gauge("llm_kv_cache_block_size_tokens", "tokens",
            "Tokens per KV-cache block.")
        .Gauge("llm_kv_cache_used_tokens", "tokens",
            "Token slots of the KV cache in use.")
        .Gauge("llm_kv_cache_capacity_tokens", "tokens",
            "Token slots of the KV cache in all: the most tokens all running requests can hold.")
        .Counter("llm_prefix_cache_queries_total", "tokens",
            "Prompt tokens looked up in the prefix cache.")
        .Counter("llm_prefix_cache_hits_total", "tokens",
            "Prompt tokens found in the prefix cache; hits divided by queries is the hit ratio.")
        .Gauge("llm_prefix_cache_hit_ratio", "ratio",
            "Prefix-cache hit ratio (0 to 1) as the engine computes it over its recent window.",
            producer: "analysis recording rules from llm_prefix_cache_hits_total / llm_prefix_cache_queries_total")
        .Counter("llm_external_prefix_cache_queries_total", "tokens",
            "Prompt tokens looked up in an external KV cache (a KV connector such as LMCache).")
        .Counter("llm_external_prefix_cache_hits_total", "tokens",
            "Prompt tokens found in an external KV cache.")
        .Counter("llm_multimodal_cache_queries_total", "items",
            "Lookups in the multimodal input processor cache.")
        .Counter("llm_multimodal_cache_hits_total", "items",
            "Hits in the multimodal input processor cache.")
        .Counter("llm_preemptions_total", "events",
            "Requests preempted (retracted) to free KV-cache room. A rising rate means the cache is too small for the load.",
            core: true)
        .Histogram("llm_request_preemptions", "events",
            "Preemptions per finished request.")
        .Counter("llm_kv_cache_evictions_total", "blocks",
            "KV-cache blocks evicted to make room for new requests.", producer: "planned: the simulated engine; not written yet")
        .Counter("llm_kv_cache_blocks_reused_total", "blocks",
            "KV-cache blocks reused from the cache instead of being recomputed.")
        .Counter("llm_kv_cache_blocks_missed_total", "blocks",
            "KV-cache block lookups that missed the cache.")
        .Counter("llm_kv_cache_offload_bytes_total", "bytes",
            "Bytes of KV cache moved from GPU to host memory.")
        .Counter("llm_kv_cache_onboard_bytes_total", "bytes",
            "Bytes of KV cache moved from host memory back to the GPU.")
        .Gauge("llm_kv_transfer_speed_bytes_per_second", "bytes per second",
            "Speed of the most recent KV-cache transfer between prefill and decode workers.")
        .Metrics;
}

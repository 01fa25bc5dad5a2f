// Every PromQL expression the dashboard runs, built from the unified llm_* metric names in one
// place. Filters become label matchers; their values are escaped as PromQL string literals.

import { FILTER_LABELS } from "./state.js";

export const METRICS = {
  ttft: "llm_time_to_first_token_seconds",
  itl: "llm_inter_token_latency_seconds",
  e2e: "llm_e2e_request_latency_seconds",
  queue: "llm_request_queue_time_seconds",
  // Model latency is the engine's own end-to-end time; overhead is what the router adds around it.
  modelLatency: "llm_e2e_request_latency_seconds",
  overheadLatency: "llm_router_overhead_seconds",
  running: "llm_requests_running",
  waiting: "llm_requests_waiting",
  kvUsage: "llm_kv_cache_usage_ratio",
  preemptions: "llm_preemptions_total",
  promptTokens: "llm_prompt_tokens_total",
  generationTokens: "llm_generation_tokens_total",
  // Every engine with an end-to-end histogram counts each finished request in its _count series.
  requests: "llm_e2e_request_latency_seconds_count",
  errors: "llm_requests_failed_total",
  gpuUtilization: "llm_gpu_utilization_ratio",
  gpuMemoryUsed: "llm_gpu_memory_used_bytes",
  gpuTemperature: "llm_gpu_temperature_celsius",
  gpuPower: "llm_gpu_power_watts",
  deploymentStatus: "llm_deployment_status",
  modelDownload: "llm_deployment_model_download_seconds",
  containerStart: "llm_deployment_container_start_seconds",
  modelLoad: "llm_deployment_model_load_seconds",
  healthCheck: "llm_deployment_health_check_seconds",
  benchmarkOutput: "llm_benchmark_output_tokens_per_second",
  desiredInstances: "llm_scaling_desired_instances",
};

/** Quotes a string as a PromQL double-quoted literal. */
export function quote(value) {
  return `"${String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Returns the matcher list for the active filters, plus extra matchers, without braces. */
export function matchers(state, extra = []) {
  const parts = [];
  for (const label of FILTER_LABELS) {
    if (state[label]) parts.push(`${label}=${quote(state[label])}`);
  }
  if (state.instance) parts.push(`instance=${quote(state.instance)}`);
  return parts.concat(extra).join(",");
}

export function selector(metric, state, extra) {
  return `${metric}{${matchers(state, extra)}}`;
}

/** Builds a quantile of a classic histogram, with buckets summed over instances before the quantile. */
export function histogramQuantile(q, metric, state, by, window = "5m") {
  const groups = ["le", ...by].join(", ");
  return `histogram_quantile(${q}, sum by (${groups}) (rate(${selector(metric + "_bucket", state)}[${window}])))`;
}

/** Mean of a histogram over a window: rate of the sum over rate of the count. */
export function histogramMean(metric, state, by, window = "5m") {
  const groups = by.join(", ");
  return (
    `sum by (${groups}) (rate(${selector(metric + "_sum", state)}[${window}]))` +
    ` / sum by (${groups}) (rate(${selector(metric + "_count", state)}[${window}]))`
  );
}

export function rateBy(metric, state, by, window = "5m") {
  return `sum by (${by.join(", ")}) (rate(${selector(metric, state)}[${window}]))`;
}

export function gaugeBy(aggregation, metric, state, by) {
  return `${aggregation} by (${by.join(", ")}) (${selector(metric, state)})`;
}

export const PERCENTILES = { p50: 0.5, p90: 0.9, p99: 0.99 };

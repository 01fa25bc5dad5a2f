using System.Globalization;

namespace InferScope.PromQL.Tests;

/// <summary>The queries compared between the local engine and Prometheus 2.42: fleet dashboards and rules, and the language's corners.</summary>
internal static class DifferentialQueries
{
    public static List<string> All()
    {
        var queries = new List<string>();
        string[] counters = ["llm_requests_total", "llm_generation_tokens_total", "llm_request_latency_seconds_count"];
        string[] gauges = ["llm_kv_cache_usage_ratio", "gpu_temperature_celsius"];
        string[] ranges = ["1m", "5m", "17m"];

        foreach (var c in counters)
        {
            foreach (var r in ranges)
            {
                queries.Add($"rate({c}[{r}])");
                queries.Add($"increase({c}[{r}])");
                queries.Add($"irate({c}[{r}])");
                queries.Add($"resets({c}[{r}])");
            }

            queries.Add($"delta({c}[10m])");
            queries.Add($"idelta({c}[10m])");
            queries.Add($"deriv({c}[10m])");
            queries.Add($"changes({c}[10m])");
            queries.Add($"sum by (az) (rate({c}[5m]))");
            queries.Add($"sum without (instance, model) (rate({c}[5m]))");
            queries.Add($"topk(3, rate({c}[5m]))");
            queries.Add($"bottomk(2, rate({c}[5m]))");
            queries.Add($"rate({c}[5m] offset 10m)");
            queries.Add($"rate({c}[5m] offset -5m)");
            queries.Add($"max_over_time(rate({c}[5m])[30m:1m])");
            queries.Add($"avg_over_time(rate({c}[2m])[20m:])");
            queries.Add($"predict_linear({c}[30m], 3600)");
            queries.Add($"{c} @ {Seconds(FleetDataset.Start.AddMinutes(45).AddMilliseconds(500))}");
        }

        foreach (var g in gauges)
        {
            foreach (var f in new[] { "avg", "min", "max", "sum", "count", "stddev", "stdvar", "last", "present" })
            {
                queries.Add($"{f}_over_time({g}[5m])");
                queries.Add($"{f}_over_time({g}[30m])");
            }

            queries.Add($"quantile_over_time(0.9, {g}[30m])");
            queries.Add($"quantile_over_time(0.5, {g}[10m])");
            foreach (var a in new[] { "sum", "avg", "min", "max", "count", "stddev", "stdvar", "group" })
            {
                queries.Add($"{a} by (az) ({g})");
                queries.Add($"{a} without (instance) ({g})");
                queries.Add($"{a}({g})");
            }

            queries.Add($"quantile by (az) (0.75, {g})");
            queries.Add($"count_values(\"value\", round({g}))");
            queries.Add($"{g} > 0.5");
            queries.Add($"{g} > bool 0.5");
            queries.Add($"{g}{{az=\"us-east-1a\"}}");
            queries.Add($"{g}{{instance=~\"10.0.0.[12].*\"}}");
            queries.Add($"{g}{{az!=\"eu-west-1a\", model!~\"mistral.*\"}}");
            queries.Add($"{g} offset 15m");
            queries.Add($"timestamp({g})");
            queries.Add($"abs({g} - 60)");
            queries.Add($"ceil({g})");
            queries.Add($"floor({g})");
            queries.Add($"round({g}, 0.5)");
            queries.Add($"clamp({g}, 0.2, 60)");
            queries.Add($"clamp_min({g}, 0.3)");
            queries.Add($"clamp_max({g}, 0.3)");
            queries.Add($"sqrt({g})");
            queries.Add($"exp(-{g} / 100)");
            queries.Add($"ln({g})");
            queries.Add($"log2({g})");
            queries.Add($"log10({g})");
            queries.Add($"sgn({g} - 0.5)");
            queries.Add($"-{g}");
            queries.Add($"{g} * 2 + 1");
            queries.Add($"{g} % 7");
            queries.Add($"{g} ^ 2");
            queries.Add($"sort({g})");
            queries.Add($"sort_desc({g})");
            queries.Add($"max_over_time({g}[10m:30s])");
            queries.Add($"label_replace({g}, \"host\", \"$1\", \"instance\", \"(.*):.*\")");
            queries.Add($"label_join({g}, \"where\", \"/\", \"az\", \"model\")");
        }

        foreach (var q in new[] { "0.5", "0.9", "0.99" })
        {
            queries.Add($"histogram_quantile({q}, sum by (le, az) (rate(llm_request_latency_seconds_bucket[5m])))");
            queries.Add($"histogram_quantile({q}, sum by (le, instance) (rate(llm_request_latency_seconds_bucket[5m])))");
            queries.Add($"histogram_quantile({q}, rate(llm_request_latency_seconds_bucket[10m]))");
        }

        queries.AddRange(
        [
            "sum by (az) (rate(llm_generation_tokens_total[5m])) / sum by (az) (rate(llm_requests_total[5m]))",
            "rate(llm_request_latency_seconds_sum[5m]) / rate(llm_request_latency_seconds_count[5m])",
            "sum(rate(llm_request_latency_seconds_sum[5m])) / sum(rate(llm_request_latency_seconds_count[5m]))",
            "avg by (az) (llm_kv_cache_usage_ratio)",
            "max by (az) (max_over_time(llm_kv_cache_usage_ratio[10m]))",
            "topk(3, max by (instance) (gpu_temperature_celsius))",
            "topk by (az) (1, gpu_temperature_celsius)",
            "bottomk by (az) (1, llm_kv_cache_usage_ratio)",
            "gpu_temperature_celsius / on(instance) group_left(model) llm_kv_cache_usage_ratio",
            "gpu_temperature_celsius * ignoring(gpu) group_left llm_kv_cache_usage_ratio",
            "llm_kv_cache_usage_ratio * on(instance) group_right(gpu) gpu_temperature_celsius",
            "llm_kv_cache_usage_ratio + on(instance, az) llm_kv_cache_usage_ratio",
            "llm_kv_cache_usage_ratio == bool ignoring(az) llm_kv_cache_usage_ratio",
            "llm_kv_cache_usage_ratio > 0.3 and llm_kv_cache_usage_ratio < 0.8",
            "llm_kv_cache_usage_ratio > 0.7 or llm_kv_cache_usage_ratio < 0.2",
            "llm_kv_cache_usage_ratio unless llm_kv_cache_usage_ratio > 0.5",
            "llm_kv_cache_usage_ratio and on(az) (gpu_temperature_celsius > 60)",
            "gpu_temperature_celsius unless on(instance) llm_kv_cache_usage_ratio > 0.5",
            "count by (az) (gpu_temperature_celsius > 60) > 1",
            "sum(rate(llm_requests_total[5m])) by (model)",
            "sum(rate(llm_requests_total[5m])) without (az)",
            "1 - avg by (az) (llm_kv_cache_usage_ratio)",
            "scalar(sum(llm_kv_cache_usage_ratio))",
            "vector(1)",
            "vector(time())",
            "time()",
            "hour()",
            "minute()",
            "day_of_week()",
            "day_of_month()",
            "month()",
            "year()",
            "days_in_month()",
            "day_of_year()",
            "hour(timestamp(llm_kv_cache_usage_ratio))",
            "absent(nonexistent_metric{job=\"vllm\"})",
            "absent(llm_kv_cache_usage_ratio)",
            "absent_over_time(nonexistent_metric{job=\"vllm\"}[5m])",
            "absent_over_time(llm_kv_cache_usage_ratio[5m])",
            "sum(llm_kv_cache_usage_ratio) * scalar(count(llm_kv_cache_usage_ratio))",
            "2 * 3 + 4 ^ 2 / 8",
            "-(2 ^ 2)",
            "1 > bool 2",
            "sin(vector(pi() / 4)) + cos(vector(0)) + tan(vector(0.5)) + asin(vector(0.5)) + acos(vector(0.5)) + atan(vector(1))",
            "sinh(vector(1)) + cosh(vector(1)) + tanh(vector(1)) + asinh(vector(1)) + acosh(vector(2)) + atanh(vector(0.5))",
            "deg(vector(pi())) + rad(vector(180))",
            "vector(1) atan2 vector(2)",
            "llm_kv_cache_usage_ratio atan2 llm_kv_cache_usage_ratio",
            "max_over_time(sum by (az) (rate(llm_requests_total[5m]))[30m:5m])",
            "min_over_time(avg(llm_kv_cache_usage_ratio)[15m:1m] offset 5m)",
            "rate(sum by (instance) (llm_requests_total)[10m:1m])",
            "quantile(0.5, rate(llm_requests_total[5m]))",
            "stddev by (model) (rate(llm_generation_tokens_total[5m]))",
            "count(count by (model) (llm_requests_total))",
            "sum by (le) (llm_request_latency_seconds_bucket)",
            "llm_request_latency_seconds_bucket{le=\"+Inf\"} - llm_request_latency_seconds_count",
            "increase(llm_requests_total[1h])",
            "holt_winters(llm_kv_cache_usage_ratio[10m], 0.5, 0.5)",
            "limitk(2, llm_kv_cache_usage_ratio)",
            "sort_by_label(llm_kv_cache_usage_ratio, \"instance\")",
            "mad_over_time(llm_kv_cache_usage_ratio[10m])",
            "rate(llm_requests_total[2m+3m])",
            "{\"llm_kv_cache_usage_ratio\"}",
        ]);
        return queries;
    }

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}

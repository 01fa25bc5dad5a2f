using System.Globalization;
using InferScope.Model;

namespace InferScope.Analysis.Rules;

/// <summary>
/// Generates the recording and alerting rules that derive the fleet's figures from the unified
/// metrics. Quantiles come from bucket rates summed over instances and ranks before
/// <c>histogram_quantile</c>, per bucket layout; a companion <c>_bound</c> series is 1 when the quantile lies in the
/// +Inf bucket (the value is only a lower bound), -1 when it lies in the first bucket (only an
/// upper bound) and 0 when the value is interpolated between two finite bounds.
/// </summary>
public static class FleetRules
{
    public static readonly double[] Quantiles = [0.5, 0.9, 0.99];

    public static readonly string[] LatencyHistograms =
    [
        LlmMetrics.TimeToFirstToken,
        LlmMetrics.InterTokenLatency,
        LlmMetrics.E2eRequestLatency,
        LlmMetrics.RequestQueueTime,
        LlmMetrics.ModelLatency,
        LlmMetrics.OverheadLatency,
    ];

    /// <summary>The aggregation levels: the level's name in recorded names and its grouping labels.</summary>
    public static readonly (string Level, string By)[] Levels =
    [
        ("endpoint_az", LlmLabels.Endpoint + ", " + LlmLabels.Az),
        ("endpoint", LlmLabels.Endpoint),
    ];

    public const string PriceMetric = "instance_type:llm_instance_price_dollars:per_hour";

    public static string QuantileName(string level, string histogram, double quantile) =>
        $"{level}:{histogram}:p{(quantile * 100).ToString(CultureInfo.InvariantCulture)}";

    public static string BoundName(string level, string histogram, double quantile) => QuantileName(level, histogram, quantile) + "_bound";

    public static string MeanName(string level, string histogram) => $"{level}:{histogram}:mean";

    /// <summary>Builds every group: latency, throughput and load, objectives, cost and alerts.</summary>
    public static IReadOnlyList<RuleGroupDefinition> Build(FleetRulesOptions options, string file = "generated")
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            Group("llm-latency", file, options, LatencyRules(options)),
            Group("llm-throughput-and-load", file, options, ThroughputRules(options)),
            Group("llm-objectives", file, options, ObjectiveRules(options)),
            Group("llm-cost", file, options, CostRules(options)),
            Group("llm-alerts", file, options, AlertRules(options)),
        ];
    }

    private static RuleGroupDefinition Group(string name, string file, FleetRulesOptions options, List<RuleDefinition> rules) => new()
    {
        Name = name,
        File = file,
        Interval = options.Interval,
        Rules = rules,
    };

    private static List<RuleDefinition> LatencyRules(FleetRulesOptions options)
    {
        var w = PrometheusDuration.Format(options.RateWindow);
        var rules = new List<RuleDefinition>();
        foreach (var histogram in LatencyHistograms)
        {
            foreach (var (level, levelBy) in Levels)
            {
                // Buckets of different layouts (engine versions) are never summed together.
                var by = levelBy + ", " + LlmLabels.BucketLayout;
                var buckets = $"sum by ({by}, le) (rate({LlmMetrics.Bucket(histogram)}[{w}]))";
                var finiteBuckets = $"sum by ({by}, le) (rate({LlmMetrics.Bucket(histogram)}{{le!=\"+Inf\"}}[{w}]))";
                var count = $"sum by ({by}) (rate({LlmMetrics.Count(histogram)}[{w}]))";
                foreach (var q in Quantiles)
                {
                    var qText = q.ToString(CultureInfo.InvariantCulture);
                    rules.Add(Record(QuantileName(level, histogram, q), $"histogram_quantile({qText}, {buckets})"));
                    rules.Add(Record(
                        BoundName(level, histogram, q),
                        $"(\n  ({qText} * {count} > bool max by ({by}) ({finiteBuckets}))\n"
                        + $"  - ({qText} * {count} <= bool min by ({by}) ({buckets}))\n)\nand on ({by}) ({count} > 0)"));
                }

                rules.Add(Record(MeanName(level, histogram), $"sum by ({by}) (rate({LlmMetrics.Sum(histogram)}[{w}]))\n/\n{count}"));
            }
        }

        return rules;
    }

    private static List<RuleDefinition> ThroughputRules(FleetRulesOptions options)
    {
        var w = PrometheusDuration.Format(options.RateWindow);
        var requests = LlmMetrics.Count(LlmMetrics.E2eRequestLatency);
        var instanceBy = $"{LlmLabels.Endpoint}, {LlmLabels.Az}, {LlmLabels.Instance}";
        return
        [
            Record("endpoint_az:llm_prompt_tokens:rate" + w, $"sum by (endpoint, az) (rate({LlmMetrics.PromptTokens}[{w}]))"),
            Record("endpoint_az:llm_generation_tokens:rate" + w, $"sum by (endpoint, az) (rate({LlmMetrics.GenerationTokens}[{w}]))"),
            Record("instance:llm_prompt_tokens:rate" + w, $"sum by ({instanceBy}) (rate({LlmMetrics.PromptTokens}[{w}]))"),
            Record("instance:llm_generation_tokens:rate" + w, $"sum by ({instanceBy}) (rate({LlmMetrics.GenerationTokens}[{w}]))"),
            Record("endpoint_az:llm_requests:rate" + w, $"sum by (endpoint, az) (rate({requests}[{w}]))"),
            Record(
                LlmMetrics.TrafficAzShare,
                $"sum by (endpoint, az) (rate({requests}[{w}]))\n/ on (endpoint) group_left ()\nsum by (endpoint) (rate({requests}[{w}]))"),
            Record(
                LlmMetrics.TrafficInstanceShare,
                $"sum by ({instanceBy}) (rate({requests}[{w}]))\n/ on (endpoint) group_left ()\nsum by (endpoint) (rate({requests}[{w}]))"),

            // The intended share of an AZ is its share of the endpoint's instances.
            Record(
                LlmMetrics.TrafficAzImbalance,
                $"max by (endpoint) (abs(\n  sum by (endpoint, az) (rate({requests}[{w}]))\n  / on (endpoint) group_left ()\n  sum by (endpoint) (rate({requests}[{w}]))\n"
                + $"  - on (endpoint, az) (\n    count by (endpoint, az) (group by ({instanceBy}) ({LlmMetrics.RequestsRunning}))\n"
                + $"    / on (endpoint) group_left ()\n    count by (endpoint) (group by ({instanceBy}) ({LlmMetrics.RequestsRunning}))\n  )\n))"),
            Record(
                LlmMetrics.PrefixCacheHitRatio,
                $"sum by (endpoint) (rate({LlmMetrics.PrefixCacheHits}[{w}]))\n/\nsum by (endpoint) (rate({LlmMetrics.PrefixCacheQueries}[{w}]))"),

            // Sums of one request set may be subtracted (unlike quantiles); window edges can still
            // make the difference slightly negative, so it is clamped at zero.
            Record(
                LlmMetrics.RequestOverheadMean,
                $"clamp_min(\n  (\n    sum by ({instanceBy}) (rate({LlmMetrics.Sum(LlmMetrics.E2eRequestLatency)}[{w}]))\n"
                + $"    - sum by ({instanceBy}) (rate({LlmMetrics.Sum(LlmMetrics.RequestQueueTime)}[{w}]))\n"
                + $"    - sum by ({instanceBy}) (rate({LlmMetrics.Sum(LlmMetrics.InferenceTime)}[{w}]))\n  )\n"
                + $"  / sum by ({instanceBy}) (rate({LlmMetrics.Count(LlmMetrics.E2eRequestLatency)}[{w}])),\n  0\n)"),
            Record(
                LlmMetrics.TokensPerGpuHour,
                $"sum by (endpoint) (rate({LlmMetrics.GenerationTokens}[{w}]))\n/\nsum by (endpoint) (rate({LlmMetrics.GpuHours}[{w}]))"),

            // Each rank has its own KV cache, so an instance's occupancy is the mean over its ranks.
            Record("instance:llm_kv_cache_usage_ratio:avg", $"avg by ({instanceBy}) ({LlmMetrics.KvCacheUsage})"),
            Record("endpoint:llm_kv_cache_usage_ratio:avg", $"avg by (endpoint) (avg by ({instanceBy}) ({LlmMetrics.KvCacheUsage}))"),
            Record("endpoint:llm_kv_cache_usage_ratio:max", $"max by (endpoint) (avg by ({instanceBy}) ({LlmMetrics.KvCacheUsage}))"),
            Record("endpoint:llm_requests_waiting:sum", $"sum by (endpoint) ({LlmMetrics.RequestsWaiting})"),
            Record("endpoint:llm_requests_running:sum", $"sum by (endpoint) ({LlmMetrics.RequestsRunning})"),
            Record("endpoint:llm_preemptions:rate" + w, $"sum by (endpoint) (rate({LlmMetrics.Preemptions}[{w}]))"),
            Record("endpoint:llm_instances:count", $"count by (endpoint) (group by ({instanceBy}) ({LlmMetrics.RequestsRunning}))"),
            Record(
                "endpoint:llm_request_errors:ratio_rate" + w,
                $"sum by (endpoint) (rate({LlmMetrics.RequestErrors}[{w}]))\n/\n"
                + $"(\n  sum by (endpoint) (rate({LlmMetrics.RequestErrors}[{w}]))\n  + sum by (endpoint) (rate({LlmMetrics.RequestSuccess}[{w}]))\n)"),
        ];
    }

    private static List<RuleDefinition> ObjectiveRules(FleetRulesOptions options)
    {
        var w = PrometheusDuration.Format(options.RateWindow);
        var rules = new List<RuleDefinition>();
        var listed = options.Slos.Select(s => s.Endpoint).ToList();
        foreach (var slo in options.Slos.Append(options.DefaultSlo))
        {
            var selector = slo == options.DefaultSlo
                ? (listed.Count == 0 ? string.Empty : $"endpoint!~\"{string.Join("|", listed.Select(EscapeRegex))}\"")
                : $"endpoint=\"{slo.Endpoint}\"";
            var ttft = Attainment(LlmMetrics.TimeToFirstToken, slo.TimeToFirstTokenSeconds, selector, w);
            var itl = Attainment(LlmMetrics.InterTokenLatency, slo.InterTokenLatencySeconds, selector, w);
            var labels = new Dictionary<string, string>
            {
                ["slo_ttft_seconds"] = slo.TimeToFirstTokenSeconds.ToString(CultureInfo.InvariantCulture),
                ["slo_itl_seconds"] = slo.InterTokenLatencySeconds.ToString(CultureInfo.InvariantCulture),
            };
            rules.Add(Record("endpoint:llm_time_to_first_token_slo:attainment", ttft, labels));
            rules.Add(Record("endpoint:llm_inter_token_latency_slo:attainment", itl, labels));

            // NOTE: the two histograms count different things (requests and tokens), so the joint
            // share cannot be read from them. Goodput uses the Fréchet lower bound
            // max(0, a + b - 1) of the two shares, an estimate that never overstates.
            var requests = $"sum by (endpoint) (rate({LlmMetrics.Count(LlmMetrics.E2eRequestLatency)}{Braces(selector)}[{w}]))";
            rules.Add(Record(
                "endpoint:llm_goodput_requests:rate" + w,
                $"{requests}\n* clamp_min(\n  ({ttft})\n  + on (endpoint) ({itl})\n  - 1, 0)",
                labels));
        }

        return rules;
    }

    private static string Attainment(string histogram, double threshold, string selector, string w)
    {
        var extra = selector.Length == 0 ? string.Empty : ", " + selector;
        return $"sum by (endpoint) (rate({LlmMetrics.Bucket(histogram)}{{le=~\"{BoundRegex(threshold)}\"{extra}}}[{w}]))\n"
            + $"/\nsum by (endpoint) (rate({LlmMetrics.Count(histogram)}{Braces(selector)}[{w}]))";
    }

    private static List<RuleDefinition> CostRules(FleetRulesOptions options)
    {
        var w = PrometheusDuration.Format(options.RateWindow);
        var rules = new List<RuleDefinition>();
        foreach (var (instanceType, price) in options.InstancePricesPerHour.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            rules.Add(Record(
                PriceMetric,
                $"label_replace(vector({price.ToString(CultureInfo.InvariantCulture)}), \"instance_type\", \"{instanceType}\", \"\", \"\")"));
        }

        rules.Add(Record(
            LlmMetrics.InstanceHourlyCost,
            $"group by (endpoint, az, instance, instance_type) ({LlmMetrics.RequestsRunning})\n* on (instance_type) group_left () {PriceMetric}"));
        var costPerHour = $"sum by (endpoint) ({LlmMetrics.InstanceHourlyCost})";
        rules.Add(Record("endpoint:llm_instance_hourly_cost:sum", costPerHour));

        // Each figure charges the whole instance cost to one token kind, as per-token list prices do.
        rules.Add(Record(
            LlmMetrics.CostPerMillionTokens,
            $"{costPerHour}\n/\n(sum by (endpoint) (rate({LlmMetrics.GenerationTokens}[{w}])) * 3600 / 1e6)"));
        rules.Add(Record(
            "endpoint:llm_cost_per_million_input_tokens",
            $"{costPerHour}\n/\n(sum by (endpoint) (rate({LlmMetrics.PromptTokens}[{w}])) * 3600 / 1e6)"));
        return rules;
    }

    private static List<RuleDefinition> AlertRules(FleetRulesOptions options)
    {
        var w = PrometheusDuration.Format(options.RateWindow);
        return
        [
            Alert(
                "LlmTargetDown",
                $"{LlmMetrics.Up} == 0",
                TimeSpan.FromMinutes(2),
                "critical",
                "Target {{ $labels.instance }} of job {{ $labels.job }} is down",
                "The last scrape of {{ $labels.instance }} failed; its metrics are missing until it recovers."),
            Alert(
                "LlmKvCacheQueuing",
                $"avg by (endpoint) ({LlmMetrics.KvCacheUsage}) > 0.9 and on (endpoint) sum by (endpoint) ({LlmMetrics.RequestsWaiting}) > 0",
                TimeSpan.FromMinutes(5),
                "warning",
                "Requests on {{ $labels.endpoint }} wait for KV-cache room",
                "KV-cache occupancy is {{ humanizePercentage $value }} with requests waiting; add instances or lower max concurrency."),
            Alert(
                "LlmErrorRatioHigh",
                "endpoint:llm_request_errors:ratio_rate" + w + " > 0.05",
                TimeSpan.FromMinutes(5),
                "critical",
                "{{ $labels.endpoint }} fails {{ humanizePercentage $value }} of requests",
                "More than 5% of requests failed over the last " + w + "."),
            Alert(
                "LlmAzWithoutTraffic",
                LlmMetrics.TrafficAzShare + " == 0",
                TimeSpan.FromMinutes(10),
                "warning",
                "AZ {{ $labels.az }} of {{ $labels.endpoint }} receives no requests",
                "The load balancer sends no traffic to this AZ although it has instances; check routing and the AZ's health."),
            Alert(
                "LlmPreemptionStorm",
                "endpoint:llm_preemptions:rate" + w + " > 1",
                TimeSpan.FromMinutes(5),
                "warning",
                "{{ $labels.endpoint }} preempts {{ $value | humanize }} requests/s",
                "Running requests are evicted from the KV cache and recomputed; lower max concurrency or add KV-cache room."),
            Alert(
                "LlmGpuXidErrors",
                $"increase({LlmMetrics.GpuXidErrors}[10m]) > 0",
                TimeSpan.Zero,
                "critical",
                "GPU {{ $labels.gpu }} on {{ $labels.instance }} reported XID errors",
                "XID errors mean driver or hardware faults; drain the instance and check the GPU."),
            Alert(
                "LlmGpuThrottled",
                $"sum by (endpoint, instance, gpu, reason) (rate({LlmMetrics.GpuThrottle}{{reason=~\"thermal|power\"}}[{w}])) > 0.2",
                TimeSpan.FromMinutes(5),
                "warning",
                "GPU {{ $labels.gpu }} on {{ $labels.instance }} is {{ $labels.reason }}-throttled",
                "The clocks were held down {{ humanizePercentage $value }} of the time."),
            Alert(
                "LlmTimeToFirstTokenSloMissed",
                "endpoint:llm_time_to_first_token_slo:attainment < 0.9",
                TimeSpan.FromMinutes(10),
                "warning",
                "{{ $labels.endpoint }} meets its TTFT objective for only {{ humanizePercentage $value }} of requests",
                "The objective is {{ $labels.slo_ttft_seconds }}s for 90% of requests."),
        ];
    }

    private static RuleDefinition Record(string name, string expression, Dictionary<string, string>? labels = null) => new()
    {
        Kind = RuleKind.Recording,
        Name = name,
        Expression = expression,
        Labels = labels ?? [],
    };

    private static RuleDefinition Alert(string name, string expression, TimeSpan forDuration, string severity, string summary, string description) => new()
    {
        Kind = RuleKind.Alerting,
        Name = name,
        Expression = expression,
        For = forDuration,
        KeepFiringFor = forDuration > TimeSpan.Zero ? TimeSpan.FromMinutes(1) : TimeSpan.Zero,
        Labels = new Dictionary<string, string> { ["severity"] = severity },
        Annotations = new Dictionary<string, string> { ["summary"] = summary, ["description"] = description },
    };

    private static string Braces(string selector) => selector.Length == 0 ? string.Empty : "{" + selector + "}";

    /// <summary>A regex for a bucket's <c>le</c> label that matches the bound however it was written, such as 1, 1.0 or 1.00.</summary>
    internal static string BoundRegex(double bound)
    {
        var text = bound.ToString("R", CultureInfo.InvariantCulture);
        var escaped = text.Replace(".", "\\\\.", StringComparison.Ordinal);
        return text.Contains('.', StringComparison.Ordinal) ? escaped + "0*" : escaped + "(\\\\.0*)?";
    }

    private static string EscapeRegex(string value)
    {
        var escaped = System.Text.RegularExpressions.Regex.Escape(value);
        return LabelText.EscapeValue(escaped);
    }
}

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using InferScope.Model;
using InferScope.PromQL;
using InferScope.Server.Configuration;
using InferScope.Server.Rules;
using InferScope.Server.Targets;
using Microsoft.AspNetCore.Http;

namespace InferScope.Server.Api;

/// <summary>The status, targets, rules and alerts endpoints.</summary>
public sealed partial class PrometheusApi
{
    /// <summary>
    /// The Prometheus version reported by buildinfo. Clients such as Grafana switch features on by this
    /// version, so it names the API generation InferScope follows (3.x: 499 for canceled queries, the
    /// infos key, limit on series and labels) rather than InferScope's own version.
    /// </summary>
    public const string CompatibleVersion = "3.0.0";

    /// <summary>How far back /api/v1/status/tsdb looks, standing in for Prometheus's head block.</summary>
    private static readonly TimeSpan TsdbStatusWindow = TimeSpan.FromHours(3);

    /// <summary>The InferScope version from the assembly's informational version.</summary>
    public static string ProductVersion { get; } =
        typeof(PrometheusApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private Task BuildInfoAsync(HttpContext context, ApiParameters parameters) =>
        ApiResponse.WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("version"u8, CompatibleVersion);
            writer.WriteString("revision"u8, $"inferscope-{ProductVersion}");
            writer.WriteString("branch"u8, "inferscope");
            writer.WriteString("buildUser"u8, "inferscope");
            writer.WriteString("buildDate"u8, string.Empty);
            writer.WriteString("goVersion"u8, $"dotnet{Environment.Version}");
            writer.WriteEndObject();
        });

    private Task StatusConfigAsync(HttpContext context, ApiParameters parameters) =>
        ApiResponse.WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("yaml"u8, config.Current.RedactedYaml);
            writer.WriteEndObject();
        });

    private Task StatusFlagsAsync(HttpContext context, ApiParameters parameters)
    {
        var current = config.Current;
        return ApiResponse.WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("config.file", current.SourcePath ?? string.Empty);
            // The engine's limits are fixed at start, so they come from the engine, not from a reloaded file.
            if (components.QueryEngine is LocalQueryEngine local)
            {
                var limits = local.Options;
                writer.WriteString("query.lookback-delta", PrometheusDuration.Format(limits.LookbackDelta));
                writer.WriteString("query.max-concurrency", limits.MaxConcurrentQueries.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("query.max-samples", limits.MaxSamples.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("query.timeout", PrometheusDuration.Format(limits.Timeout));
            }

            writer.WriteString("storage.tsdb.path", current.Storage.DataDir);
            writer.WriteString("storage.tsdb.retention.time", PrometheusDuration.Format(current.Storage.RetentionTime));
            writer.WriteString("storage.tsdb.retention.size", current.Storage.RetentionSizeBytes.ToString(CultureInfo.InvariantCulture) + "B");
            writer.WriteString("web.listen-address", current.Web.ListenAddress);
            writer.WriteEndObject();
        });
    }

    private Task StatusTsdbAsync(HttpContext context, ApiParameters parameters)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var stats = TsdbStatistics.Collect(
            components.Queryable,
            nowMs - (long)TsdbStatusWindow.TotalMilliseconds,
            nowMs,
            ParseOptionalCount(parameters, "limit") is > 0 and var limit ? limit : 10,
            context.RequestAborted);
        return ApiResponse.WriteSuccessAsync(context, stats.Write);
    }

    private Task TargetsAsync(HttpContext context, ApiParameters parameters)
    {
        var state = parameters.Get("state") ?? "any";
        var pool = parameters.Get("scrapePool");
        var showActive = state is "any" or "active" or "";
        var showDropped = state is "any" or "dropped" or "";
        var active = showActive ? components.Targets?.ActiveTargets() ?? [] : [];
        var dropped = showDropped ? components.Targets?.DroppedTargets() ?? [] : [];
        if (!string.IsNullOrEmpty(pool))
        {
            active = active.Where(t => t.ScrapePool == pool).ToList();
            dropped = dropped.Where(t => t.ScrapePool == pool).ToList();
        }

        return ApiResponse.WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activeTargets"u8);
            foreach (var target in active)
            {
                WriteActiveTarget(writer, target);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("droppedTargets"u8);
            foreach (var target in dropped)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("discoveredLabels"u8);
                PrometheusJson.WriteLabels(writer, target.DiscoveredLabels);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private Task RulesAsync(HttpContext context, ApiParameters parameters)
    {
        var type = parameters.Get("type");
        if (type is not (null or "" or "alert" or "record"))
        {
            throw ApiError.InvalidParameter("type", $"not supported value \"{type}\"; use alert or record");
        }

        var groups = components.Rules?.Groups() ?? [];
        return ApiResponse.WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("groups"u8);
            foreach (var group in groups)
            {
                var rules = group.Rules.Where(r => type is null or "" || (type == "alert") == (r.Type == "alerting")).ToList();
                if (rules.Count == 0 && !string.IsNullOrEmpty(type))
                {
                    continue;
                }

                WriteRuleGroup(writer, group, rules);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private Task AlertsAsync(HttpContext context, ApiParameters parameters)
    {
        var alerts = (components.Rules?.Groups() ?? [])
            .SelectMany(g => g.Rules)
            .SelectMany(r => r.Alerts)
            .ToList();
        return ApiResponse.WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("alerts"u8);
            foreach (var alert in alerts)
            {
                WriteAlert(writer, alert);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteActiveTarget(Utf8JsonWriter writer, TargetStatus target)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("discoveredLabels"u8);
        PrometheusJson.WriteLabels(writer, target.DiscoveredLabels);
        writer.WritePropertyName("labels"u8);
        PrometheusJson.WriteLabels(writer, target.Labels);
        writer.WriteString("scrapePool"u8, target.ScrapePool);
        writer.WriteString("scrapeUrl"u8, target.ScrapeUrl);
        writer.WriteString("globalUrl"u8, target.ScrapeUrl);
        writer.WriteString("lastError"u8, target.LastError);
        writer.WriteString("lastScrape"u8, FormatRfc3339(target.LastScrape));
        writer.WriteNumber("lastScrapeDuration"u8, target.LastScrapeDuration.TotalSeconds);
        writer.WriteString("health"u8, target.Health);
        writer.WriteString("scrapeInterval"u8, PrometheusDuration.Format(target.ScrapeInterval));
        writer.WriteString("scrapeTimeout"u8, PrometheusDuration.Format(target.ScrapeTimeout));
        writer.WriteEndObject();
    }

    private static void WriteRuleGroup(Utf8JsonWriter writer, RuleGroupStatus group, IReadOnlyList<RuleStatus> rules)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, group.Name);
        writer.WriteString("file"u8, group.File);
        writer.WriteStartArray("rules"u8);
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            if (rule.Type == "alerting")
            {
                writer.WriteString("state"u8, rule.State);
                writer.WriteString("name"u8, rule.Name);
                writer.WriteString("query"u8, rule.Query);
                writer.WriteNumber("duration"u8, rule.Duration.TotalSeconds);
                writer.WritePropertyName("labels"u8);
                PrometheusJson.WriteLabels(writer, rule.Labels);
                writer.WritePropertyName("annotations"u8);
                PrometheusJson.WriteLabels(writer, rule.Annotations);
                writer.WriteStartArray("alerts"u8);
                foreach (var alert in rule.Alerts)
                {
                    WriteAlert(writer, alert);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("name"u8, rule.Name);
                writer.WriteString("query"u8, rule.Query);
                writer.WritePropertyName("labels"u8);
                PrometheusJson.WriteLabels(writer, rule.Labels);
            }

            writer.WriteString("health"u8, rule.Health);
            if (rule.LastError.Length > 0)
            {
                writer.WriteString("lastError"u8, rule.LastError);
            }

            writer.WriteNumber("evaluationTime"u8, rule.EvaluationTime.TotalSeconds);
            writer.WriteString("lastEvaluation"u8, FormatRfc3339(rule.LastEvaluation));
            writer.WriteString("type"u8, rule.Type);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("interval"u8, group.Interval.TotalSeconds);
        writer.WriteNumber("limit"u8, 0);
        writer.WriteNumber("evaluationTime"u8, group.EvaluationTime.TotalSeconds);
        writer.WriteString("lastEvaluation"u8, FormatRfc3339(group.LastEvaluation));
        writer.WriteEndObject();
    }

    private static void WriteAlert(Utf8JsonWriter writer, AlertStatus alert)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("labels"u8);
        PrometheusJson.WriteLabels(writer, alert.Labels);
        writer.WritePropertyName("annotations"u8);
        PrometheusJson.WriteLabels(writer, alert.Annotations);
        writer.WriteString("state"u8, alert.State);
        writer.WriteString("activeAt"u8, FormatRfc3339(alert.ActiveAt));
        // Prometheus writes an alert's value in shortest exponent form: 1.5 becomes "1.5e+00".
        writer.WriteString("value"u8, FormatGoExponent(alert.Value));
        writer.WriteEndObject();
    }

    /// <summary>Formats a time as Go's RFC 3339 with nanoseconds; Go's zero time when absent.</summary>
    private static string FormatRfc3339(DateTimeOffset? time) =>
        time is { } t
            ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : "0001-01-01T00:00:00Z";

    private static string FormatGoExponent(double value)
    {
        if (!double.IsFinite(value))
        {
            return PrometheusJson.FormatValue(value);
        }

        return value.ToString("0.################e+00", CultureInfo.InvariantCulture);
    }
}

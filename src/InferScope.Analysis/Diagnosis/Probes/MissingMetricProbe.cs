using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>
/// Metrics an endpoint should publish but that are absent, or whose newest sample is older than
/// a few publish intervals, with what each one blinds.
/// </summary>
public sealed class MissingMetricProbe : IDiagnosisProbe
{
    /// <summary>
    /// The series checked per endpoint, whether their absence is a warning, what they blind, and
    /// another series that measures the same thing, whose presence means nothing is blinded.
    /// </summary>
    public static readonly IReadOnlyList<(string Series, bool Core, string Blinds, string? CoveredBy)> Watched =
    [
        (LlmMetrics.Count(LlmMetrics.TimeToFirstToken), true, "TTFT quantiles and objectives, and the KV-cache queuing and prefill-bound diagnoses", null),
        (LlmMetrics.Count(LlmMetrics.InterTokenLatency), true, "ITL quantiles and the decode-bound diagnosis", null),
        (LlmMetrics.KvCacheUsage, true, "KV-cache occupancy, the KV-cache queuing diagnosis and scaling advice", null),
        (LlmMetrics.RequestsWaiting, true, "the waiting queue, the KV-cache queuing diagnosis and scaling advice", null),
        (LlmMetrics.RequestsRunning, true, "instance counts, per-instance throughput and AZ traffic checks", null),
        (LlmMetrics.Count(LlmMetrics.E2eRequestLatency), true, "request rates, traffic per AZ and goodput", null),
        (LlmMetrics.GenerationTokens, true, "output tokens per second and the benchmark comparison", null),
        (LlmMetrics.Count(LlmMetrics.OverheadLatency), false, "overhead latency: routing and gateway delays stay invisible", LlmMetrics.Count(LlmMetrics.RouterOverhead)),
        (LlmMetrics.Count(LlmMetrics.RequestQueueTime), false, "queue time, which separates queuing from prefill", null),
        (LlmMetrics.GpuTemperature, false, "GPU health: thermal throttling cannot be confirmed", null),
    ];

    public async Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var findings = new List<Finding>();
        if (signals.Endpoints.Count == 0)
        {
            findings.Add(new Finding
            {
                Cause = FindingCause.MissingMetric,
                Severity = Severity.Warning,
                Scope = new FindingScope(context.Request.Endpoint),
                Summary = context.Request.Endpoint is null
                    ? "No llm_* series were found, so there is nothing to diagnose."
                    : $"No llm_* series carry endpoint=\"{context.Request.Endpoint}\".",
                Action = "Check the endpoint name, the scrape targets and that the engine adapters recognize the engines.",
                Evidence = [signals.Instances, signals.RequestRate],
                Blinds = "every diagnosis",
            });
            return findings;
        }

        foreach (var (series, core, blinds, coveredBy) in Watched)
        {
            var covered = coveredBy is null
                ? null
                : await context.QueryAsync($"group by (endpoint) (last_over_time({coveredBy}{context.Selector()}[5m]))", cancellationToken).ConfigureAwait(false);
            var age = await context.QueryAsync(
                $"time() - max by (endpoint) (timestamp({series}{context.Selector()}))", cancellationToken).ConfigureAwait(false);
            var present = await context.QueryAsync(
                $"group by (endpoint) (last_over_time({series}{context.Selector()}[1h]))", cancellationToken).ConfigureAwait(false);
            foreach (var endpoint in signals.Endpoints)
            {
                if (covered?.For(LlmLabels.Endpoint, endpoint) is not null)
                {
                    // The endpoint publishes the same measurement under another name, such as the router's overhead.
                    continue;
                }

                var seconds = age.For(LlmLabels.Endpoint, endpoint);
                var interval = context.Options.PublishIntervalFor(endpoint).TotalSeconds;
                string summary;
                if (seconds is null)
                {
                    var seenInHour = present.For(LlmLabels.Endpoint, endpoint) is not null;
                    summary = seenInHour
                        ? $"{series} stopped updating: no sample in the last 5m, although it was present within the hour."
                        : $"{series} is missing for this endpoint.";
                }
                else if (seconds > interval * context.Options.StaleAfterIntervals)
                {
                    summary = string.Create(CultureInfo.InvariantCulture, $"{series} is stale: its newest sample is {seconds:0}s old, more than {context.Options.StaleAfterIntervals} publish intervals of {interval:0}s.");
                }
                else
                {
                    continue;
                }

                findings.Add(new Finding
                {
                    Cause = FindingCause.MissingMetric,
                    Severity = core ? Severity.Warning : Severity.Info,
                    Scope = new FindingScope(endpoint),
                    Summary = summary + " It blinds " + blinds + ".",
                    Action = "Check that the engine exposes it (engine version, enable_detailed_observability, exporter running) and that its target is scraped.",
                    Evidence = [age.Only(LlmLabels.Endpoint, endpoint), present.Only(LlmLabels.Endpoint, endpoint)],
                    Blinds = blinds,
                    Magnitude = core ? 0.5 : 0,
                });
            }
        }

        return findings;
    }
}

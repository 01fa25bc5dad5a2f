using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>
/// Latency spent outside the engine (gateway, routing, scheduling). It is read from the
/// per-request overhead histogram, never from the difference of quantiles of two histograms,
/// which can even come out negative. When one AZ alone is slow the finding names that AZ.
/// </summary>
public sealed class OverheadLatencyProbe : IDiagnosisProbe
{
    public async Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var findings = new List<Finding>();
        var options = context.Options;
        Evidence? perAz = null;
        foreach (var endpoint in signals.Endpoints)
        {
            var p90 = signals.OverheadP90.For(LlmLabels.Endpoint, endpoint);
            var mean = signals.OverheadMean.For(LlmLabels.Endpoint, endpoint);
            var e2e = signals.E2eMean.For(LlmLabels.Endpoint, endpoint);
            var share = mean is { } m && e2e is > 0 ? m / e2e.Value : (double?)null;
            var slowP90 = p90 > options.OverheadP90Seconds;
            var largeShare = share > options.OverheadShare;
            if (!slowP90 && !largeShare)
            {
                continue;
            }

            perAz ??= await context.QueryAsync(
                $"histogram_quantile(0.9, sum by (endpoint, az, {LlmLabels.BucketLayout}, le) (rate({LlmMetrics.Bucket(LlmMetrics.OverheadLatency)}{context.Selector()}[{context.Range}])))",
                cancellationToken).ConfigureAwait(false);
            var azValues = perAz.Values
                .Where(v => v.Labels.Get(LlmLabels.Endpoint) == endpoint && v.Labels.Get(LlmLabels.Az) is not null && !double.IsNaN(v.Value))
                .ToList();
            var slowAzs = azValues.Where(v => v.Value > options.OverheadP90Seconds).ToList();
            string? az = azValues.Count >= 2 && slowAzs.Count == 1 ? slowAzs[0].Labels.Get(LlmLabels.Az) : null;

            var p90Value = p90 ?? double.NaN;
            var summary = string.Create(
                CultureInfo.InvariantCulture,
                $"Overhead latency outside the engine: p90 {p90Value:0.###}s, mean {mean ?? double.NaN:0.###}s, {share ?? double.NaN:P0} of the mean end-to-end latency");
            if (az is not null)
            {
                summary += $"; only AZ {az} is slow";
            }

            findings.Add(new Finding
            {
                Cause = FindingCause.OverheadLatency,
                Severity = p90Value > 2.5 * options.OverheadP90Seconds ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(endpoint, az),
                Summary = summary + ".",
                Action = az is null
                    ? "Check the gateway, load balancer and router in front of the engines: connection reuse, TLS, request validation, and cross-AZ hops."
                    : $"Check the routing path into AZ {az}: its load balancer node, cross-AZ hops and network health.",
                Evidence =
                [
                    signals.OverheadP90.Only(LlmLabels.Endpoint, endpoint),
                    signals.OverheadMean.Only(LlmLabels.Endpoint, endpoint),
                    signals.E2eMean.Only(LlmLabels.Endpoint, endpoint),
                    perAz.Only(LlmLabels.Endpoint, endpoint),
                ],
                Magnitude = Math.Max((p90Value / options.OverheadP90Seconds) - 1, ((share ?? 0) / options.OverheadShare) - 1),
            });
        }

        return findings;
    }
}

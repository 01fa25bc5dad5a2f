using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>
/// Traffic per availability zone against the AZ's instances. An AZ with instances but no requests
/// points to a routing fault or an AZ outage, and one far below its fair share to skewed routing.
/// </summary>
public sealed class AzTrafficProbe : IDiagnosisProbe
{
    /// <summary>Requests an AZ should have finished in the window before a missing or low share means anything.</summary>
    public const double MinExpectedRequests = 10;

    public async Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var s = context.Selector();
        var instances = await context.QueryAsync(
            $"count by (endpoint, az) (group by (endpoint, az, instance) ({LlmMetrics.RequestsRunning}{s}))", cancellationToken).ConfigureAwait(false);
        var traffic = await context.QueryAsync(
            $"sum by (endpoint, az) (rate({LlmMetrics.Count(LlmMetrics.E2eRequestLatency)}{s}[{context.Range}]))", cancellationToken).ConfigureAwait(false);
        var running = await context.QueryAsync(
            $"sum by (endpoint, az) (max_over_time({LlmMetrics.RequestsRunning}{s}[{context.Range}]))", cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>();
        foreach (var endpoint in signals.Endpoints)
        {
            var azInstances = instances.Values.Where(v => v.Labels.Get(LlmLabels.Endpoint) == endpoint && v.Labels.Get(LlmLabels.Az) is not null)
                .ToDictionary(v => v.Labels.Get(LlmLabels.Az)!, v => v.Value, StringComparer.Ordinal);
            if (azInstances.Count < 2)
            {
                continue;
            }

            var azTraffic = traffic.Values.Where(v => v.Labels.Get(LlmLabels.Endpoint) == endpoint && v.Labels.Get(LlmLabels.Az) is not null)
                .ToDictionary(v => v.Labels.Get(LlmLabels.Az)!, v => v.Value, StringComparer.Ordinal);
            var totalTraffic = azTraffic.Values.Sum();
            var totalInstances = azInstances.Values.Sum();
            if (totalTraffic <= 0)
            {
                continue;
            }

            foreach (var (az, count) in azInstances.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var rate = azTraffic.GetValueOrDefault(az);
                var share = rate / totalTraffic;
                var fairShare = count / totalInstances;
                var evidence = new[] { instances.Only(LlmLabels.Endpoint, endpoint), traffic.Only(LlmLabels.Endpoint, endpoint), running.Only(LlmLabels.Endpoint, endpoint) };
                // Long requests may finish rarely, so an AZ that had requests running got traffic.
                var busy = running.Values.Any(v => v.Labels.Get(LlmLabels.Endpoint) == endpoint && v.Labels.Get(LlmLabels.Az) == az && v.Value > 0);
                var expected = fairShare * totalTraffic * context.Request.Window.TotalSeconds;
                if (rate <= 0 && !busy && expected >= MinExpectedRequests)
                {
                    findings.Add(new Finding
                    {
                        Cause = FindingCause.AzNoTraffic,
                        Severity = Severity.Critical,
                        Scope = new FindingScope(endpoint, az),
                        Summary = string.Create(
                            CultureInfo.InvariantCulture,
                            $"AZ {az} has {count:0} instance(s) but received no requests in the last {context.Range}, while the endpoint served {totalTraffic:0.##} requests/s."),
                        Action = $"Check the load balancer's targets and health checks in AZ {az}, the AZ's network and the routing weights; the instances there are idle capacity.",
                        Evidence = evidence,
                        Magnitude = fairShare,
                    });
                }
                else if (share < context.Options.AzSkewRatio * fairShare && expected >= MinExpectedRequests && IsSignificantlyLow(rate * context.Request.Window.TotalSeconds, expected))
                {
                    findings.Add(new Finding
                    {
                        Cause = FindingCause.AzSkewedTraffic,
                        Severity = Severity.Warning,
                        Scope = new FindingScope(endpoint, az),
                        Summary = string.Create(
                            CultureInfo.InvariantCulture,
                            $"AZ {az} receives {share:P0} of the requests but has {fairShare:P0} of the instances."),
                        Action = $"Check the routing weights and cross-zone load balancing for AZ {az}.",
                        Evidence = evidence,
                        Magnitude = 1 - (share / fairShare),
                    });
                }
            }
        }

        return findings;
    }

    /// <summary>
    /// Returns whether an AZ's request count is below its fair share by more than chance allows:
    /// more than three standard deviations of a Poisson count, so a short window with few
    /// requests does not read as a routing fault.
    /// </summary>
    private static bool IsSignificantlyLow(double observed, double expected) =>
        observed < expected - (3 * Math.Sqrt(expected));
}

using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>GPUs whose clocks were held down for heat or power for a large share of the window.</summary>
public sealed class GpuThrottlingProbe : IDiagnosisProbe
{
    public async Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var throttle = await context.QueryAsync(
            $"sum by (endpoint, az, instance, gpu, reason) (rate({LlmMetrics.GpuThrottle}{context.Selector("reason=~\"thermal|power\"")}[{context.Range}]))",
            cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>();
        foreach (var value in throttle.Values.Where(v => v.Value > context.Options.ThrottleRatio).OrderByDescending(v => v.Value))
        {
            var labels = value.Labels;
            var instance = labels.Get(LlmLabels.Instance);
            var gpu = labels.Get(LlmLabels.Gpu);
            var reason = labels.Get(LlmLabels.Reason) ?? "thermal";
            var temperature = await context.QueryAsync(
                $"max by (endpoint, instance, gpu) (max_over_time({LlmMetrics.GpuTemperature}{context.Selector()}[{context.Range}]))",
                cancellationToken).ConfigureAwait(false);
            var clock = await context.QueryAsync(
                $"avg by (endpoint, instance, gpu) (avg_over_time({LlmMetrics.GpuSmClock}{context.Selector()}[{context.Range}]))",
                cancellationToken).ConfigureAwait(false);
            var gpuTemperature = temperature.Values.FirstOrDefault(v => v.Labels.Get(LlmLabels.Instance) == instance && v.Labels.Get(LlmLabels.Gpu) == gpu)?.Value;
            findings.Add(new Finding
            {
                Cause = FindingCause.GpuThrottling,
                Severity = value.Value > 3 * context.Options.ThrottleRatio ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(labels.Get(LlmLabels.Endpoint), labels.Get(LlmLabels.Az), instance, gpu),
                Summary = string.Create(
                    CultureInfo.InvariantCulture,
                    $"GPU {gpu} on {instance} was {reason}-throttled {value.Value:P0} of the time") + (gpuTemperature is { } t ? string.Create(CultureInfo.InvariantCulture, $", peaking at {t:0}°C.") : "."),
                Action = reason == "power"
                    ? "Check the power limit and the host's power supply; a power-capped GPU decodes slower. Drain the instance if it persists."
                    : "Check the host's cooling and fans; drain the instance and let it cool, and replace it if throttling returns.",
                Evidence = [throttle with { Values = [value] }, temperature, clock],
                Magnitude = value.Value,
            });
        }

        return findings;
    }
}

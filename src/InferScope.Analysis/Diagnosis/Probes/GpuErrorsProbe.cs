using System.Globalization;

namespace InferScope.Analysis.Diagnosis.Probes;

/// <summary>GPUs that reported XID or ECC errors in the window.</summary>
public sealed class GpuErrorsProbe : IDiagnosisProbe
{
    public async Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var by = "endpoint, az, instance, gpu";
        var findings = new List<Finding>();
        var xid = await context.QueryAsync(
            $"sum by ({by}) (increase({LlmMetrics.GpuXidErrors}{context.Selector()}[{context.Range}])) > 0", cancellationToken).ConfigureAwait(false);

        // Exporters without the XID counter still publish the last XID code.
        var lastCode = await context.QueryAsync(
            $"max by ({by}) (max_over_time({LlmMetrics.GpuXidLastCode}{context.Selector()}[{context.Range}])) > 0", cancellationToken).ConfigureAwait(false);
        foreach (var value in lastCode.Values)
        {
            if (xid.Values.Any(v => v.Labels.Get(LlmLabels.Instance) == value.Labels.Get(LlmLabels.Instance) && v.Labels.Get(LlmLabels.Gpu) == value.Labels.Get(LlmLabels.Gpu)))
            {
                continue;
            }

            var labels = value.Labels;
            findings.Add(new Finding
            {
                Cause = FindingCause.GpuErrors,
                Severity = Severity.Critical,
                Scope = new FindingScope(labels.Get(LlmLabels.Endpoint), labels.Get(LlmLabels.Az), labels.Get(LlmLabels.Instance), labels.Get(LlmLabels.Gpu)),
                Summary = string.Create(CultureInfo.InvariantCulture, $"GPU {labels.Get(LlmLabels.Gpu)} on {labels.Get(LlmLabels.Instance)} reported XID error {value.Value:0} in the last {context.Range}."),
                Action = "Drain the instance, check the XID code in the driver log (dmesg), and reset or replace the GPU.",
                Evidence = [lastCode with { Values = [value] }],
                Magnitude = 1,
            });
        }
        var ecc = await context.QueryAsync(
            $"max by ({by}, kind) (increase({LlmMetrics.GpuEccErrors}{context.Selector()}[{context.Range}])) > 0", cancellationToken).ConfigureAwait(false);
        foreach (var value in xid.Values)
        {
            var labels = value.Labels;
            findings.Add(new Finding
            {
                Cause = FindingCause.GpuErrors,
                Severity = Severity.Critical,
                Scope = new FindingScope(labels.Get(LlmLabels.Endpoint), labels.Get(LlmLabels.Az), labels.Get(LlmLabels.Instance), labels.Get(LlmLabels.Gpu)),
                Summary = string.Create(CultureInfo.InvariantCulture, $"GPU {labels.Get(LlmLabels.Gpu)} on {labels.Get(LlmLabels.Instance)} reported {value.Value:0} XID error(s) in the last {context.Range}."),
                Action = "Drain the instance, check the XID codes in the driver log (dmesg), and reset or replace the GPU.",
                Evidence = [xid with { Values = [value] }],
                Magnitude = Math.Min(1, value.Value / 10),
            });
        }

        foreach (var value in ecc.Values)
        {
            var labels = value.Labels;
            var type = labels.Get("kind") ?? "unknown";
            var uncorrectable = type is "double_bit";
            findings.Add(new Finding
            {
                Cause = FindingCause.GpuErrors,
                Severity = uncorrectable ? Severity.Critical : Severity.Warning,
                Scope = new FindingScope(labels.Get(LlmLabels.Endpoint), labels.Get(LlmLabels.Az), labels.Get(LlmLabels.Instance), labels.Get(LlmLabels.Gpu)),
                Summary = string.Create(CultureInfo.InvariantCulture, $"GPU {labels.Get(LlmLabels.Gpu)} on {labels.Get(LlmLabels.Instance)} reported {value.Value:0} {type} ECC error(s) in the last {context.Range}."),
                Action = uncorrectable
                    ? "Drain the instance now: uncorrectable memory errors corrupt results. Replace the GPU."
                    : "Watch the count; schedule the GPU for a check if correctable errors keep growing.",
                Evidence = [ecc with { Values = [value] }],
                Magnitude = Math.Min(1, value.Value / 10),
            });
        }

        return findings;
    }
}

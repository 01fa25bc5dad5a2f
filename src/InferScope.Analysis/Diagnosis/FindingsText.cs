using System.Text;

namespace InferScope.Analysis.Diagnosis;

/// <summary>Formats a diagnosis report for a terminal: one block per finding with its evidence.</summary>
public static class FindingsText
{
    public static string Format(DiagnosisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var builder = new StringBuilder();
        builder.Append("Diagnosis at ").Append(report.Request.At.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture))
            .Append(" over ").Append(PrometheusDuration.Format(report.Request.Window));
        if (report.Request.Endpoint is not null)
        {
            builder.Append(" for endpoint ").Append(report.Request.Endpoint);
        }

        builder.Append('\n');
        if (report.Findings.Count == 0)
        {
            builder.Append("No findings: every checked signal is within its threshold.\n");
            return builder.ToString();
        }

        var rank = 1;
        foreach (var finding in report.Findings)
        {
            builder.Append('\n').Append(rank++).Append(". [").Append(finding.Severity.ToString().ToUpperInvariant()).Append("] ")
                .Append(finding.Cause.Id()).Append(" (").Append(finding.Scope).Append(")\n");
            builder.Append("   ").Append(finding.Summary).Append('\n');
            builder.Append("   Action: ").Append(finding.Action).Append('\n');
            foreach (var evidence in finding.Evidence)
            {
                builder.Append("   > ").Append(evidence.Expression.ReplaceLineEndings(" ")).Append('\n');
                if (evidence.Error is not null)
                {
                    builder.Append("       error: ").Append(evidence.Error).Append('\n');
                }
                else if (evidence.Values.Count == 0)
                {
                    builder.Append("       (no series)\n");
                }

                foreach (var value in evidence.Values.Take(8))
                {
                    builder.Append("       ").Append(value.Labels).Append(" = ").Append(GoNumberFormat.FormatShortest(value.Value)).Append('\n');
                }

                if (evidence.Values.Count > 8)
                {
                    builder.Append("       ... ").Append(evidence.Values.Count - 8).Append(" more series\n");
                }
            }
        }

        return builder.ToString();
    }
}

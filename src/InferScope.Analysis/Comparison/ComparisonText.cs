using System.Globalization;
using System.Text;

namespace InferScope.Analysis.Comparison;

/// <summary>Formats a comparison as a table with 95% intervals, followed by its notes. <see cref="ComparisonJson"/> writes it for scripts.</summary>
public static class ComparisonText
{
    public static string Format(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var builder = new StringBuilder();
        var request = report.Request;
        builder.Append(CultureInfo.InvariantCulture, $"Comparison over {PrometheusDuration.Format(request.Window)} ending {request.At.UtcDateTime:u}, 95% bootstrap intervals over {PrometheusDuration.Format(request.Step)} intervals\n");
        builder.Append(CultureInfo.InvariantCulture, $"{"figure",-34} {report.A.Name,-30} {report.B.Name,-30}\n");
        void Row(string name, Func<ConfigurationFigures, Estimate> select, string format) =>
            builder.Append(CultureInfo.InvariantCulture, $"{name,-34} {Cell(select(report.A), format),-30} {Cell(select(report.B), format),-30}\n");
        Row("TTFT p50 (s)", f => f.TtftP50, "0.###");
        Row("TTFT p99 (s)", f => f.TtftP99, "0.###");
        Row("ITL p50 (s)", f => f.ItlP50, "0.####");
        Row("ITL p99 (s)", f => f.ItlP99, "0.####");
        Row("output tokens/s per instance", f => f.OutputTokensPerSecondPerInstance, "0.#");
        Row("goodput (requests/s per instance)", f => f.GoodputPerInstance, "0.###");
        if (request.LoadRequestsPerSecond is { } load)
        {
            Row(string.Create(CultureInfo.InvariantCulture, $"instances for {load:0.##} requests/s"), f => f.InstancesNeeded, "0");
        }

        builder.Append(CultureInfo.InvariantCulture, $"{"intervals with data",-34} {report.A.Intervals,-30} {report.B.Intervals,-30}\n");
        foreach (var note in report.Notes)
        {
            builder.Append("Note: ").Append(note).Append('\n');
        }
        return builder.ToString();
    }

    /// <summary>Formats a figure and its interval; a quantile that is only a bound reads "<= X" or ">= X".</summary>
    private static string Cell(Estimate estimate, string format)
    {
        if (!estimate.IsKnown)
        {
            return "n/a";
        }

        var prefix = estimate.Bound switch
        {
            QuantileBound.AtMost => "<= ",
            QuantileBound.AtLeast => ">= ",
            _ => string.Empty,
        };
        return $"{prefix}{estimate.Value.ToString(format, CultureInfo.InvariantCulture)} [{estimate.Lower.ToString(format, CultureInfo.InvariantCulture)}, {estimate.Upper.ToString(format, CultureInfo.InvariantCulture)}]";
    }
}

using System.Text.RegularExpressions;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Tests;

/// <summary>
/// Where Prometheus 2.42 is not a valid reference for 3.x semantics, by rule: syntax and
/// functions it does not know, and the renamed <c>holt_winters</c>. A query that hits a rule is
/// skipped with the rule's name; everything else must agree.
/// </summary>
internal static partial class Prometheus242Rules
{
    private static readonly HashSet<string> FunctionsAfter242 =
    [
        "histogram_stddev", "histogram_stdvar", "mad_over_time", "sort_by_label", "sort_by_label_desc", "histogram_avg",
        "double_exponential_smoothing", "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_last_over_time",
        "ts_of_first_over_time", "first_over_time", "histogram_quantiles", "start", "end", "range", "step", "min_of",
        "max_of", "histogram_fraction",
    ];

    public static string? SkipReason(string query)
    {
        if (QuotedName().IsMatch(query))
        {
            return "quoted UTF-8 metric and label names (3.0)";
        }

        Expr expr;
        try
        {
            expr = Parser.Parse(query);
        }
        catch (ParseException e) when (e.Message.Contains("holt_winters", StringComparison.Ordinal))
        {
            return "holt_winters renamed double_exponential_smoothing (3.0)";
        }

        return Walk(expr);
    }

    private static string? Walk(Expr expr) => expr switch
    {
        Call c when FunctionsAfter242.Contains(c.Function.Name) => $"function {c.Function.Name} is newer than 2.42",
        Call c => c.Args.Select(Walk).FirstOrDefault(r => r is not null),
        AggregateExpr a when a.Op is AggregateOp.LimitK or AggregateOp.LimitRatio => "limitk and limit_ratio are newer than 2.42",
        AggregateExpr a => Walk(a.Operand) ?? (a.Parameter is null ? null : Walk(a.Parameter)),
        MatrixSelector m when m.Range.Computed is not null => "duration arithmetic (3.4)",
        SubqueryExpr s when s.Range.Computed is not null || s.Step?.Computed is not null => "duration arithmetic (3.4)",
        SubqueryExpr s => Walk(s.Inner),
        BinaryExpr { Op: BinaryOp.Atan2, Kind: ValueKind.Vector } => "atan2 between vectors keeps the metric name in 2.42 and drops it in 3.x",
        BinaryExpr b => Walk(b.Left) ?? Walk(b.Right),
        UnaryExpr u => Walk(u.Operand),
        ParenExpr p => Walk(p.Inner),
        _ => null,
    };

    [GeneratedRegex("\\{\\s*\"")]
    private static partial Regex QuotedName();
}

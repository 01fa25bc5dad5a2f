using System.Collections.Frozen;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Testing;

/// <summary>
/// Rewrites a query so every selector and subquery reads its data at one fixed time, for the
/// step-invariance check: the pinned query must return the same result at any evaluation time.
/// </summary>
/// <remarks>
/// Follows the Prometheus test runner (<c>promql/promqltest/test.go</c>): the top-level
/// selectors and subqueries that carry no numeric <c>@</c> get <c>@ t</c>, and <c>@ start()</c> or
/// <c>@ end()</c> is replaced by <c>@ t</c> too. Below a subquery nothing changes, because the
/// pinned subquery already fixes the times its inner expression runs at.
/// </remarks>
internal static class AtModifierPinning
{
    /// <summary>Functions whose value depends on the evaluation time even when their arguments do not.</summary>
    private static readonly FrozenSet<string> TimeDependentFunctions = FrozenSet.ToFrozenSet(
    [
        "time", "timestamp", "predict_linear", "day_of_month", "day_of_week", "day_of_year", "days_in_month",
        "hour", "minute", "month", "year", "start", "end", "range", "step",
    ], StringComparer.Ordinal);

    /// <summary>
    /// Pins <paramref name="expr"/> in place to <paramref name="timeMs"/> and prints it, or returns
    /// null when the expression calls a time-dependent function outside a subquery.
    /// </summary>
    public static string? PinAndPrint(Expr expr, long timeMs)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return Pin(expr, timeMs / 1000.0) ? ExprPrinter.Print(expr) : null;
    }

    /// <summary>Pins the selectors and subqueries of <paramref name="expr"/>; false when it depends on the evaluation time.</summary>
    private static bool Pin(Expr expr, double atSeconds)
    {
        switch (expr)
        {
            case VectorSelector or MatrixSelector:
                PinModifier((ITimeModified)expr, atSeconds);
                return true;
            case SubqueryExpr subquery:
                PinModifier(subquery, atSeconds);
                return true;
            case Call call:
                if (TimeDependentFunctions.Contains(call.Function.Name))
                {
                    return false;
                }

                return call.Args.All(a => Pin(a, atSeconds));
            case ParenExpr paren:
                return Pin(paren.Inner, atSeconds);
            case UnaryExpr unary:
                return Pin(unary.Operand, atSeconds);
            case BinaryExpr binary:
                return Pin(binary.Left, atSeconds) && Pin(binary.Right, atSeconds);
            case AggregateExpr aggregate:
                return (aggregate.Parameter is null || Pin(aggregate.Parameter, atSeconds)) && Pin(aggregate.Operand, atSeconds);
            default:
                return true;
        }
    }

    private static void PinModifier(ITimeModified modified, double atSeconds)
    {
        if (modified.At != AtModifier.Timestamp)
        {
            modified.At = AtModifier.Timestamp;
            modified.AtSeconds = atSeconds;
        }
    }
}

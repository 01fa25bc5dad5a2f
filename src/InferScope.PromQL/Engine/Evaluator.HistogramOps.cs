using InferScope.Model.Histograms;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>Binary operators and sums over native histograms, with the annotations Prometheus 3.x emits.</summary>
internal sealed partial class Evaluator
{
    /// <summary>
    /// Applies a binary operator to two samples where at least one is a histogram. Returns false
    /// when the pair produces no output: the operator does not apply to these types (an info), the
    /// histograms cannot be combined (a warning), or a comparison filters the pair out. For a
    /// comparison that keeps the pair, <paramref name="keep"/> is true and the left histogram is the result.
    /// </summary>
    private bool HistogramBinary(BinaryExpr b, double leftFloat, FloatHistogram? left, double rightFloat, FloatHistogram? right, out double result, out FloatHistogram? histogram, out bool keep)
    {
        result = 0;
        histogram = null;
        keep = false;
        var incompatible = false;
        switch (left, right)
        {
            case (null, not null):
                if (b.Op == BinaryOp.Mul)
                {
                    histogram = right.Multiply(leftFloat).Compact();
                    keep = true;
                }
                else
                {
                    incompatible = true;
                }

                break;
            case (not null, null) when b.IsTrim:
                histogram = HistogramTrim.Trim(left, rightFloat, keepBelow: b.Op == BinaryOp.TrimUpper);
                keep = true;
                break;
            case (not null, null):
                if (b.Op == BinaryOp.Mul)
                {
                    histogram = left.Multiply(rightFloat).Compact();
                    keep = true;
                }
                else if (b.Op == BinaryOp.Div)
                {
                    histogram = left.Divide(rightFloat).Compact();
                    keep = true;
                }
                else
                {
                    incompatible = true;
                }

                break;
            case (not null, not null):
                switch (b.Op)
                {
                    case BinaryOp.Add or BinaryOp.Sub:
                        histogram = CombineHistograms(left, right, b.Op == BinaryOp.Sub, string.Empty, b.Position, b.Op == BinaryOp.Sub ? "subtraction" : "addition");
                        if (histogram is null)
                        {
                            return false;
                        }

                        // A difference can go down at any time, so Prometheus marks it as a gauge.
                        histogram = (b.Op == BinaryOp.Sub ? histogram.WithHint(CounterResetHint.Gauge) : histogram).Compact();
                        keep = true;
                        break;
                    case BinaryOp.Eql:
                        histogram = left;
                        keep = left.ValueEquals(right);
                        break;
                    case BinaryOp.Neq:
                        histogram = left;
                        keep = !left.ValueEquals(right);
                        break;
                    default:
                        incompatible = true;
                        break;
                }

                break;
            default:
                // Two floats reach here only for a trim operator, which needs a histogram on the left.
                incompatible = true;
                break;
        }

        if (incompatible)
        {
            var leftType = left is null ? "float" : "histogram";
            var rightType = right is null ? "float" : "histogram";
            Annotations.Info($"incompatible sample types encountered for binary operator \"{ExprPrinter.OpText(b.Op)}\": {leftType} {ExprPrinter.OpText(b.Op)} {rightType}", b.Position);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Adds a histogram to a compensated running sum, or clears the sum and returns false with the
    /// warning Prometheus emits when exponential and custom buckets meet.
    /// </summary>
    private bool AccumulateHistogram(ref FloatHistogram? sum, ref FloatHistogram? compensation, FloatHistogram histogram, string metricName, int position)
    {
        if (sum is null)
        {
            sum = histogram;
            return true;
        }

        bool collision, reconciled;
        try
        {
            sum = sum.CompensatedAdd(histogram, ref compensation, out collision, out reconciled);
        }
        catch (IncompatibleHistogramsException)
        {
            Annotations.Warn($"vector contains a mix of histograms with exponential and custom buckets schemas for metric name \"{metricName}\"", position);
            sum = null;
            compensation = null;
            return false;
        }

        if (reconciled)
        {
            Annotations.Info("mismatched custom buckets were reconciled during aggregation", position);
        }

        if (collision)
        {
            Annotations.Warn("conflicting counter resets during histogram aggregation", position);
        }

        return true;
    }

    /// <summary>
    /// Returns the mean of histograms from their compensated sum, or, when the sum overflows,
    /// from the sum of each histogram divided by the count, which avoids that overflow.
    /// </summary>
    private FloatHistogram? AverageHistograms(FloatHistogram total, IReadOnlyList<FloatHistogram> histograms, string metricName, int position)
    {
        var mean = total.Divide(histograms.Count);
        if (double.IsFinite(total.Count) && double.IsFinite(total.Sum))
        {
            return mean;
        }

        FloatHistogram? partial = null;
        FloatHistogram? compensation = null;
        foreach (var histogram in histograms)
        {
            if (!AccumulateHistogram(ref partial, ref compensation, histogram.Divide(histograms.Count), metricName, position))
            {
                return null;
            }
        }

        return FinishHistogramSum(partial!, compensation);
    }

    /// <summary>Returns a compensated sum with its compensation added in.</summary>
    private static FloatHistogram FinishHistogramSum(FloatHistogram sum, FloatHistogram? compensation) =>
        compensation is null ? sum : sum.Add(compensation, out _, out _);

    /// <summary>
    /// Adds or subtracts two histograms, or returns null with the warning Prometheus emits when one
    /// has exponential and the other custom buckets. <paramref name="operation"/> names the step in
    /// annotations: addition, subtraction or aggregation.
    /// </summary>
    private FloatHistogram? CombineHistograms(FloatHistogram left, FloatHistogram right, bool subtract, string metricName, int position, string operation)
    {
        FloatHistogram result;
        bool collision, reconciled;
        try
        {
            result = subtract ? left.Subtract(right, out collision, out reconciled) : left.Add(right, out collision, out reconciled);
        }
        catch (IncompatibleHistogramsException)
        {
            Annotations.Warn($"vector contains a mix of histograms with exponential and custom buckets schemas for metric name \"{metricName}\"", position);
            return null;
        }

        if (reconciled)
        {
            Annotations.Info($"mismatched custom buckets were reconciled during {operation}", position);
        }

        // The hint of a difference is replaced by the caller, so only sums report a collision.
        if (collision && !subtract)
        {
            Annotations.Warn($"conflicting counter resets during histogram {operation}", position);
        }

        return result;
    }
}

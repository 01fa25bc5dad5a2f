using InferScope.Model;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>
/// Sum, avg, min, max, count and group over float-only input, read series by series. Reading each
/// input's arrays in order makes far fewer cache misses than visiting every input at every step.
/// Each group keeps its state per step, so the result is the same, bit for bit.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>The maximum number of group and step cells whose state is kept at once. Longer ranges are aggregated in blocks of steps.</summary>
    private const int AggregateBlockCells = 1 << 16;

    /// <summary>Returns the aggregate, or null when an input contains histograms or the operator has no series-wise form.</summary>
    private VectorValue? AggregateFloatsBySeries(AggregateOp op, List<StepSeries> series, int[] groupOf, List<Labels> groupLabels, Frame frame)
    {
        if (op is not (AggregateOp.Sum or AggregateOp.Avg or AggregateOp.Min or AggregateOp.Max or AggregateOp.Count or AggregateOp.Group))
        {
            return null;
        }

        foreach (var s in series)
        {
            if (s.Histograms is not null)
            {
                return null;
            }
        }

        var groups = groupLabels.Count;
        var steps = frame.Steps;
        var block = Math.Clamp(AggregateBlockCells / Math.Max(groups, 1), 1, Math.Max(steps, 1));
        var cells = groups * block;
        var value = new double[cells];
        var compensation = new double[cells];
        var count = new double[cells];
        var mean = op == AggregateOp.Avg ? new double[cells] : [];
        var incremental = op == AggregateOp.Avg ? new bool[cells] : [];
        var outputs = new StepSeries?[groups];
        var firstStep = new int[groups];
        long work = 0;
        for (var start = 0; start < steps; start += block)
        {
            var length = Math.Min(block, steps - start);
            Array.Clear(count);
            for (var i = 0; i < series.Count; i++)
            {
                CheckCancellation(ref work, length + 1);
                var present = series[i].Present.AsSpan(start, length);
                var values = series[i].Values.AsSpan(start, length);
                var offset = groupOf[i] * length;
                for (var j = 0; j < length; j++)
                {
                    if (present[j])
                    {
                        Accumulate(op, values[j], offset + j, value, compensation, count, mean, incremental);
                    }
                }
            }

            for (var g = 0; g < groups; g++)
            {
                var offset = g * length;
                for (var j = 0; j < length; j++)
                {
                    var cell = offset + j;
                    var n = count[cell];
                    if (n == 0)
                    {
                        continue;
                    }

                    var result = op switch
                    {
                        AggregateOp.Sum => value[cell] + compensation[cell],
                        AggregateOp.Avg => incremental[cell] ? mean[cell] + compensation[cell] : (value[cell] / n) + (compensation[cell] / n),
                        AggregateOp.Count => n,
                        _ => value[cell],
                    };
                    if (outputs[g] is null)
                    {
                        outputs[g] = new StepSeries(groupLabels[g], steps);
                        firstStep[g] = start + j;
                    }

                    outputs[g]!.Set(start + j, result);
                }
            }
        }

        // Outputs are in the order of the step-by-step form: by the first step with a value, then by group.
        var order = new List<int>(groups);
        for (var g = 0; g < groups; g++)
        {
            if (outputs[g] is not null)
            {
                order.Add(g);
            }
        }

        order.Sort((x, y) => firstStep[x] != firstStep[y] ? firstStep[x].CompareTo(firstStep[y]) : x.CompareTo(y));
        return new VectorValue(order.ConvertAll(g => outputs[g]!));
    }

    /// <summary>
    /// Adds one float input to a group's state at one step: a running sum, mean or extreme, and the
    /// count. Both forms of aggregation use it. <paramref name="mean"/> is read only for avg, stddev
    /// and stdvar, and <paramref name="incremental"/> only for avg, so other operators may pass empty arrays.
    /// </summary>
    private static void Accumulate(AggregateOp op, double f, int cell, double[] value, double[] compensation, double[] count, double[] mean, bool[] incremental)
    {
        if (count[cell] == 0)
        {
            count[cell] = 1;
            compensation[cell] = 0;
            value[cell] = op switch
            {
                AggregateOp.Stddev or AggregateOp.Stdvar => double.IsNaN(f) || double.IsInfinity(f) ? double.NaN : 0,
                AggregateOp.Group => 1,
                _ => f,
            };
            if (op is AggregateOp.Avg or AggregateOp.Stddev or AggregateOp.Stdvar)
            {
                mean[cell] = f;
            }

            if (op == AggregateOp.Avg)
            {
                incremental[cell] = false;
            }

            return;
        }

        var n = ++count[cell];
        switch (op)
        {
            case AggregateOp.Sum:
                (value[cell], compensation[cell]) = Kahan.Add(f, value[cell], compensation[cell]);
                break;
            case AggregateOp.Avg:
                if (!incremental[cell])
                {
                    var (sum, sumCompensation) = Kahan.Add(f, value[cell], compensation[cell]);
                    if (!double.IsInfinity(sum))
                    {
                        value[cell] = sum;
                        compensation[cell] = sumCompensation;
                        break;
                    }

                    incremental[cell] = true;
                    mean[cell] = value[cell] / (n - 1);
                    compensation[cell] /= n - 1;
                }

                var q = (n - 1) / n;
                (mean[cell], compensation[cell]) = Kahan.Add(f / n, q * mean[cell], q * compensation[cell]);
                break;
            case AggregateOp.Min:
                if (value[cell] > f || double.IsNaN(value[cell]))
                {
                    value[cell] = f;
                }

                break;
            case AggregateOp.Max:
                if (value[cell] < f || double.IsNaN(value[cell]))
                {
                    value[cell] = f;
                }

                break;
            case AggregateOp.Stddev or AggregateOp.Stdvar:
                {
                    var delta = f - mean[cell];
                    mean[cell] += delta / n;
                    value[cell] += delta * (f - mean[cell]);
                    break;
                }

            default:
                break;
        }
    }
}

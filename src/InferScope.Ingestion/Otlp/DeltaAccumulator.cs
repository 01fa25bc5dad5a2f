using InferScope.Model;

namespace InferScope.Ingestion.Otlp;

/// <summary>
/// Running totals that turn delta-temporality points into cumulative ones, per series.
/// Thread-safe.
/// </summary>
// TODO: totals are kept for the process lifetime and never expire, so series churn in delta
// pushes grows memory without bound.
internal sealed class DeltaAccumulator
{
    private readonly Lock sync = new();
    private readonly Dictionary<Labels, double> sums = [];
    private readonly Dictionary<Labels, ClassicTotals> histograms = [];
    private readonly Dictionary<Labels, ExponentialBuckets> exponential = [];

    /// <summary>Adds a delta to a sum series and returns its running total.</summary>
    public double AddSum(Labels series, double delta)
    {
        lock (sync)
        {
            var total = sums.GetValueOrDefault(series) + delta;
            sums[series] = total;
            return total;
        }
    }

    /// <summary>
    /// Adds a delta histogram and returns the running totals. A change of bucket bounds restarts
    /// the totals from this point, as a counter reset would.
    /// </summary>
    public ClassicTotals AddHistogram(Labels series, IReadOnlyList<double> bounds, IReadOnlyList<ulong> counts, double sum, ulong count)
    {
        lock (sync)
        {
            if (!histograms.TryGetValue(series, out var totals) || !totals.Bounds.SequenceEqual(bounds))
            {
                totals = new ClassicTotals([.. bounds], new ulong[counts.Count], 0, 0);
            }

            var added = new ulong[counts.Count];
            for (var i = 0; i < counts.Count; i++)
            {
                added[i] = totals.Counts[i] + counts[i];
            }

            totals = new ClassicTotals(totals.Bounds, added, totals.Sum + sum, totals.Count + count);
            histograms[series] = totals;
            return totals;
        }
    }

    /// <summary>Adds a delta exponential histogram and returns a copy of the running totals.</summary>
    public ExponentialBuckets AddExponential(Labels series, ExponentialBuckets delta)
    {
        lock (sync)
        {
            if (!exponential.TryGetValue(series, out var totals))
            {
                totals = new ExponentialBuckets();
                totals.Add(delta);
                exponential[series] = totals;
                return Snapshot(totals);
            }

            totals.Add(delta);
            return Snapshot(totals);
        }
    }

    private static ExponentialBuckets Snapshot(ExponentialBuckets totals)
    {
        var copy = new ExponentialBuckets();
        copy.Add(totals);
        return copy;
    }

    /// <summary>Running totals of a classic histogram: per-bucket (not cumulative) counts.</summary>
    internal sealed record ClassicTotals(double[] Bounds, ulong[] Counts, double Sum, ulong Count);
}

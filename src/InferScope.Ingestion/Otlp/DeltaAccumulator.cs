using InferScope.Model;

namespace InferScope.Ingestion.Otlp;

/// <summary>
/// Running totals that turn delta-temporality points into cumulative ones, per series.
/// A series that receives no point for <see cref="IdleTimeoutMs"/> is forgotten, so churning
/// series do not grow memory without bound. If it comes back, its total restarts from zero,
/// which queries read as a counter reset. Thread-safe.
/// </summary>
internal sealed class DeltaAccumulator
{
    /// <summary>How long a series' total is kept without a new point: 15 minutes.</summary>
    public const long IdleTimeoutMs = 15 * 60 * 1000;

    private readonly Lock sync = new();
    private readonly Dictionary<Labels, Entry<double>> sums = [];
    private readonly Dictionary<Labels, Entry<ClassicTotals>> histograms = [];
    private readonly Dictionary<Labels, Entry<ExponentialBuckets>> exponential = [];
    private long lastSweepMs = long.MinValue;

    /// <summary>The number of series with a running total.</summary>
    public int Count
    {
        get
        {
            lock (sync)
            {
                return sums.Count + histograms.Count + exponential.Count;
            }
        }
    }

    /// <summary>Adds a delta to a sum series and returns its running total.</summary>
    public double AddSum(Labels series, double delta, long nowMs)
    {
        lock (sync)
        {
            Sweep(nowMs);
            var total = (sums.TryGetValue(series, out var entry) ? entry.Value : 0) + delta;
            sums[series] = new Entry<double>(total, nowMs);
            return total;
        }
    }

    /// <summary>
    /// Adds a delta histogram and returns the running totals. A change of bucket bounds restarts
    /// the totals from this point, as a counter reset would.
    /// </summary>
    public ClassicTotals AddHistogram(Labels series, IReadOnlyList<double> bounds, IReadOnlyList<ulong> counts, double sum, ulong count, long nowMs)
    {
        lock (sync)
        {
            Sweep(nowMs);
            if (!histograms.TryGetValue(series, out var entry) || !entry.Value.Bounds.SequenceEqual(bounds))
            {
                entry = new Entry<ClassicTotals>(new ClassicTotals([.. bounds], new ulong[counts.Count], 0, 0), nowMs);
            }

            var totals = entry.Value;
            var added = new ulong[counts.Count];
            for (var i = 0; i < counts.Count; i++)
            {
                added[i] = totals.Counts[i] + counts[i];
            }

            totals = new ClassicTotals(totals.Bounds, added, totals.Sum + sum, totals.Count + count);
            histograms[series] = new Entry<ClassicTotals>(totals, nowMs);
            return totals;
        }
    }

    /// <summary>Adds a delta exponential histogram and returns a copy of the running totals.</summary>
    public ExponentialBuckets AddExponential(Labels series, ExponentialBuckets delta, long nowMs)
    {
        lock (sync)
        {
            Sweep(nowMs);
            var totals = exponential.TryGetValue(series, out var entry) ? entry.Value : new ExponentialBuckets();
            totals.Add(delta);
            exponential[series] = new Entry<ExponentialBuckets>(totals, nowMs);
            return Snapshot(totals);
        }
    }

    private static ExponentialBuckets Snapshot(ExponentialBuckets totals)
    {
        var copy = new ExponentialBuckets();
        copy.Add(totals);
        return copy;
    }

    /// <summary>Forgets idle series. It scans at most once per half timeout, so most pushes skip it.</summary>
    private void Sweep(long nowMs)
    {
        if (lastSweepMs != long.MinValue && nowMs - lastSweepMs < IdleTimeoutMs / 2)
        {
            return;
        }

        lastSweepMs = nowMs;
        var cutoff = nowMs - IdleTimeoutMs;
        RemoveIdle(sums, cutoff);
        RemoveIdle(histograms, cutoff);
        RemoveIdle(exponential, cutoff);
    }

    private static void RemoveIdle<T>(Dictionary<Labels, Entry<T>> totals, long cutoff)
    {
        foreach (var (labels, entry) in totals)
        {
            if (entry.LastSeenMs < cutoff)
            {
                totals.Remove(labels);
            }
        }
    }

    /// <summary>Running totals of a classic histogram: per-bucket (not cumulative) counts.</summary>
    internal sealed record ClassicTotals(double[] Bounds, ulong[] Counts, double Sum, ulong Count);

    /// <summary>A running total and when it last changed.</summary>
    private readonly record struct Entry<T>(T Value, long LastSeenMs);
}

using InferScope.Model;

namespace InferScope.Storage.Head;

/// <summary>
/// The head's series, found by label hash or by reference. The maps are split into stripes with
/// a lock each, so appenders for different series rarely wait for one another.
/// </summary>
internal sealed class StripeSeriesMap
{
    private const int StripeCount = 1 << 12;
    private const int StripeMask = StripeCount - 1;

    private readonly HashStripe[] hashStripes = new HashStripe[StripeCount];
    private readonly RefStripe[] refStripes = new RefStripe[StripeCount];
    private long count;

    public StripeSeriesMap()
    {
        for (var i = 0; i < StripeCount; i++)
        {
            hashStripes[i] = new HashStripe();
            refStripes[i] = new RefStripe();
        }
    }

    public long Count => Interlocked.Read(ref count);

    public MemSeries? GetByLabels(Labels labels)
    {
        var hash = labels.StableHash;
        var stripe = hashStripes[(int)(hash & StripeMask)];
        lock (stripe.Sync)
        {
            return stripe.Find(hash, labels);
        }
    }

    public MemSeries? GetByRef(ulong reference)
    {
        var stripe = refStripes[(int)(reference & StripeMask)];
        lock (stripe.Sync)
        {
            return stripe.Series.GetValueOrDefault(reference);
        }
    }

    /// <summary>
    /// Returns the series with these labels, creating it with <paramref name="factory"/> when
    /// absent. <paramref name="created"/> is true only for the caller whose series was stored.
    /// </summary>
    public MemSeries GetOrAdd(Labels labels, Func<MemSeries> factory, out bool created)
    {
        var hash = labels.StableHash;
        var stripe = hashStripes[(int)(hash & StripeMask)];
        MemSeries series;
        lock (stripe.Sync)
        {
            var existing = stripe.Find(hash, labels);
            if (existing is not null)
            {
                created = false;
                return existing;
            }

            series = factory();
            series.NextWithSameHash = stripe.Series.GetValueOrDefault(hash);
            stripe.Series[hash] = series;
        }

        var refStripe = refStripes[(int)(series.Ref & StripeMask)];
        lock (refStripe.Sync)
        {
            refStripe.Series[series.Ref] = series;
        }

        Interlocked.Increment(ref count);
        created = true;
        return series;
    }

    /// <summary>Removes the series for which <paramref name="shouldRemove"/> returns true; returns their references.</summary>
    public List<MemSeries> RemoveWhere(Func<MemSeries, bool> shouldRemove)
    {
        var removed = new List<MemSeries>();
        foreach (var stripe in refStripes)
        {
            List<MemSeries>? local = null;
            lock (stripe.Sync)
            {
                foreach (var series in stripe.Series.Values)
                {
                    if (shouldRemove(series))
                    {
                        (local ??= []).Add(series);
                    }
                }

                if (local is not null)
                {
                    foreach (var series in local)
                    {
                        stripe.Series.Remove(series.Ref);
                    }
                }
            }

            if (local is null)
            {
                continue;
            }

            foreach (var series in local)
            {
                RemoveFromHashStripe(series);
                Interlocked.Decrement(ref count);
            }

            removed.AddRange(local);
        }

        return removed;
    }

    /// <summary>Returns every series; the list is a copy taken stripe by stripe.</summary>
    public List<MemSeries> All()
    {
        var result = new List<MemSeries>((int)Count);
        foreach (var stripe in refStripes)
        {
            lock (stripe.Sync)
            {
                result.AddRange(stripe.Series.Values);
            }
        }

        return result;
    }

    private void RemoveFromHashStripe(MemSeries series)
    {
        var hash = series.Labels.StableHash;
        var stripe = hashStripes[(int)(hash & StripeMask)];
        lock (stripe.Sync)
        {
            if (!stripe.Series.TryGetValue(hash, out var head))
            {
                return;
            }

            if (head == series)
            {
                if (series.NextWithSameHash is null)
                {
                    stripe.Series.Remove(hash);
                }
                else
                {
                    stripe.Series[hash] = series.NextWithSameHash;
                }

                return;
            }

            for (var node = head; node.NextWithSameHash is not null; node = node.NextWithSameHash)
            {
                if (node.NextWithSameHash == series)
                {
                    node.NextWithSameHash = series.NextWithSameHash;
                    return;
                }
            }
        }
    }

    private sealed class HashStripe
    {
        public Lock Sync { get; } = new();

        public Dictionary<ulong, MemSeries> Series { get; } = [];

        public MemSeries? Find(ulong hash, Labels labels)
        {
            for (var node = Series.GetValueOrDefault(hash); node is not null; node = node.NextWithSameHash)
            {
                if (node.Labels.Equals(labels))
                {
                    return node;
                }
            }

            return null;
        }
    }

    private sealed class RefStripe
    {
        public Lock Sync { get; } = new();

        public Dictionary<ulong, MemSeries> Series { get; } = [];
    }
}

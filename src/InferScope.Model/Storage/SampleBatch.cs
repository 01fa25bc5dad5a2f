using InferScope.Model.Histograms;

namespace InferScope.Model.Storage;

/// <summary>
/// The samples of one series over a time range, in timestamp order, as parallel arrays that grow
/// as samples are added. Histogram samples are in <see cref="Histograms"/>, which stays null until
/// the first one arrives, and at their positions <see cref="Values"/> contains the histogram's sum.
/// One batch can be cleared and refilled series after series.
/// </summary>
public sealed class SampleBatch
{
    private long[] timestamps;
    private double[] values;
    private FloatHistogram?[]? histograms;

    public SampleBatch(int capacity = 64)
    {
        timestamps = new long[Math.Max(capacity, 4)];
        values = new double[timestamps.Length];
    }

    public int Count { get; private set; }

    /// <summary>The timestamps; only the first <see cref="Count"/> are samples.</summary>
    public long[] Timestamps => timestamps;

    /// <summary>The float values (or histogram sums); only the first <see cref="Count"/> are samples.</summary>
    public double[] Values => values;

    /// <summary>The histogram samples by position, null where the sample is a float, or null when none is a histogram.</summary>
    public FloatHistogram?[]? Histograms => histograms;

    public void Clear()
    {
        if (histograms is not null)
        {
            Array.Clear(histograms, 0, Count);
            histograms = null;
        }

        Count = 0;
    }

    public void Add(long timestamp, double value)
    {
        if (Count == timestamps.Length)
        {
            Grow(Count + 1);
        }

        timestamps[Count] = timestamp;
        values[Count] = value;
        Count++;
    }

    public void AddHistogram(long timestamp, FloatHistogram histogram)
    {
        if (Count == timestamps.Length)
        {
            Grow(Count + 1);
        }

        histograms ??= new FloatHistogram?[timestamps.Length];
        timestamps[Count] = timestamp;
        values[Count] = histogram.Sum;
        histograms[Count] = histogram;
        Count++;
    }

    /// <summary>Appends float samples in bulk; the caller keeps them in timestamp order.</summary>
    public void AddRange(ReadOnlySpan<long> newTimestamps, ReadOnlySpan<double> newValues)
    {
        if (newTimestamps.Length != newValues.Length)
        {
            throw new ArgumentException($"{newTimestamps.Length} timestamps were given with {newValues.Length} values; pass one value per timestamp.", nameof(newValues));
        }

        if (Count + newTimestamps.Length > timestamps.Length)
        {
            Grow(Count + newTimestamps.Length);
        }

        newTimestamps.CopyTo(timestamps.AsSpan(Count));
        newValues.CopyTo(values.AsSpan(Count));
        Count += newTimestamps.Length;
    }

    /// <summary>
    /// Returns room for <paramref name="count"/> samples after the current ones, to be written in place.
    /// Nothing is added until <see cref="Keep"/> names the part of the room that contains the samples to keep.
    /// </summary>
    public void Reserve(int count, out Span<long> reservedTimestamps, out Span<double> reservedValues)
    {
        EnsureCapacity(Count + count);
        reservedTimestamps = timestamps.AsSpan(Count, count);
        reservedValues = values.AsSpan(Count, count);
    }

    /// <summary>Adds the samples at [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of the room <see cref="Reserve"/> returned.</summary>
    public void Keep(int start, int count)
    {
        if (start < 0 || count < 0 || Count + start + count > timestamps.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Samples {start} to {start + count} lie outside the reserved room of {timestamps.Length - Count}.");
        }

        if (start > 0)
        {
            timestamps.AsSpan(Count + start, count).CopyTo(timestamps.AsSpan(Count));
            values.AsSpan(Count + start, count).CopyTo(values.AsSpan(Count));
        }

        Count += count;
    }

    /// <summary>Appends the samples of <paramref name="iterator"/> in [<paramref name="minTimestampMs"/>, <paramref name="maxTimestampMs"/>].</summary>
    public void AddFrom(ISampleIterator iterator, long minTimestampMs, long maxTimestampMs)
    {
        ArgumentNullException.ThrowIfNull(iterator);
        if (!iterator.Seek(minTimestampMs))
        {
            return;
        }

        do
        {
            if (iterator.Timestamp > maxTimestampMs)
            {
                return;
            }

            if (iterator.Kind == SampleKind.Histogram && iterator.Histogram is { } histogram)
            {
                AddHistogram(iterator.Timestamp, histogram);
            }
            else
            {
                Add(iterator.Timestamp, iterator.Value);
            }
        }
        while (iterator.MoveNext());
    }

    /// <summary>
    /// Hands the arrays over to the caller, who owns them from then on, and starts the batch again
    /// with new small arrays. It saves a copy when the samples are kept, as a range selector keeps them.
    /// </summary>
    public (long[] Timestamps, double[] Values, FloatHistogram?[]? Histograms) Detach()
    {
        var result = (timestamps, values, histograms);
        timestamps = new long[4];
        values = new double[4];
        histograms = null;
        Count = 0;
        return result;
    }

    /// <summary>The number of samples the batch can take before it grows.</summary>
    public int Capacity => timestamps.Length;

    /// <summary>Makes room for at least <paramref name="capacity"/> samples in all.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity > timestamps.Length)
        {
            Grow(capacity);
        }
    }

    /// <summary>Removes stale markers, float or histogram, keeping the order of the other samples.</summary>
    public void RemoveStaleMarkers()
    {
        // Most batches have no marker, and a vectorized search finds that without rewriting the arrays.
        var first = System.Runtime.InteropServices.MemoryMarshal.Cast<double, ulong>(values.AsSpan(0, Count)).IndexOf(StaleMarker.Bits);
        if (first < 0)
        {
            return;
        }

        var retained = first;
        for (var i = first; i < Count; i++)
        {
            // A histogram stale marker carries the marker in its sum, which is in Values.
            if (StaleMarker.IsStale(values[i]))
            {
                continue;
            }

            timestamps[retained] = timestamps[i];
            values[retained] = values[i];
            if (histograms is not null)
            {
                histograms[retained] = histograms[i];
            }

            retained++;
        }

        if (histograms is not null)
        {
            Array.Clear(histograms, retained, Count - retained);
        }

        Count = retained;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(needed, timestamps.Length * 2);
        Array.Resize(ref timestamps, size);
        Array.Resize(ref values, size);
        if (histograms is not null)
        {
            Array.Resize(ref histograms, size);
        }
    }
}

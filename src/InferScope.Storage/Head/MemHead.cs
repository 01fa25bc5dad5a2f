using System.Collections.Concurrent;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;
using InferScope.Storage.Index;
using InferScope.Storage.Wal;

namespace InferScope.Storage.Head;

/// <summary>
/// The in-memory part of the store: every series with recent samples, their compressed chunks
/// and the postings index over them. Appends for different series take different locks.
/// </summary>
internal sealed class MemHead : IPostingsSource
{
    private const int BytesPerChunk = 80;
    private const int BytesPerSeries = 640;
    private const int BytesPerLabel = 48;

    private readonly TsdbOptions options;
    private readonly StripeSeriesMap series = new();
    private readonly MemPostings postings = new();
    private readonly ConcurrentDictionary<string, int> seriesPerMetric = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> seriesPerTarget = new(StringComparer.Ordinal);
    private long nextRef;
    private long minTime = long.MaxValue;
    private long maxTime = long.MinValue;
    private long minValidTime = long.MinValue;

    public MemHead(TsdbOptions options, AppendCounters counters)
    {
        this.options = options;
        Counters = counters;
    }

    public AppendCounters Counters { get; }

    public WriteAheadLog? Wal { get; set; }

    public long SeriesCount => series.Count;

    /// <summary>The oldest sample's timestamp, or <see cref="long.MaxValue"/> when the head is empty.</summary>
    public long MinTime => Interlocked.Read(ref minTime);

    /// <summary>The newest sample's timestamp, or <see cref="long.MinValue"/> when the head is empty.</summary>
    public long MaxTime => Interlocked.Read(ref maxTime);

    /// <summary>The timestamp below which samples are rejected as too old: the end of the newest block, at least.</summary>
    public long MinValidTime
    {
        get => Interlocked.Read(ref minValidTime);
        set => Interlocked.Exchange(ref minValidTime, value);
    }

    public IAppender CreateAppender() => new HeadAppender(this);

    public AppendStatus CheckTime(long timestamp)
    {
        if (options.TooNewTolerance is { } tolerance
            && timestamp > options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() + (long)tolerance.TotalMilliseconds)
        {
            return AppendStatus.TooNew;
        }

        return timestamp < AppendableMinTime() ? AppendStatus.TooOld : AppendStatus.Ok;
    }

    /// <summary>
    /// Returns the oldest timestamp an append may have: half a block range before the newest
    /// sample, and never inside a block already written. Older samples could land in a range
    /// that has been cut to disk.
    /// </summary>
    public long AppendableMinTime()
    {
        var newest = MaxTime;
        var fromHead = newest == long.MinValue ? long.MinValue : newest - (options.BlockRangeMs / 2);
        return Math.Max(fromHead, MinValidTime);
    }

    public MemSeries? GetByLabels(Labels labels) => series.GetByLabels(labels);

    public MemSeries? GetByRef(ulong reference) => series.GetByRef(reference);

    /// <summary>Creates the series unless a limit or the labels forbid it; another appender may win the race.</summary>
    public AppendStatus TryCreate(Labels labels, out MemSeries? created, out bool isNew)
    {
        created = null;
        isNew = false;
        if (!IsValid(labels))
        {
            return AppendStatus.InvalidLabels;
        }

        var metric = labels.MetricName;
        var target = TargetKey(labels);
        if (!Reserve(seriesPerMetric, metric, options.MaxSeriesPerMetric))
        {
            return AppendStatus.SeriesLimit;
        }

        if (!Reserve(seriesPerTarget, target, options.MaxSeriesPerTarget))
        {
            Release(seriesPerMetric, metric);
            return AppendStatus.SeriesLimit;
        }

        created = series.GetOrAdd(labels, () => new MemSeries((ulong)Interlocked.Increment(ref nextRef), labels), out isNew);
        if (!isNew)
        {
            Release(seriesPerMetric, metric);
            Release(seriesPerTarget, target);
            return AppendStatus.Ok;
        }

        postings.Add(created.Ref, labels);
        Counters.AddSeriesCreated();
        return AppendStatus.Ok;
    }

    /// <summary>Returns how many series the head holds for a metric name, for limit error messages.</summary>
    public int SeriesOfMetric(string metric) => seriesPerMetric.GetValueOrDefault(metric);

    public int SeriesOfTarget(Labels labels) => seriesPerTarget.GetValueOrDefault(TargetKey(labels));

    /// <summary>Writes committed samples into their series; a sample that lost an ordering race is counted and dropped.</summary>
    public void Commit(List<(MemSeries Series, long Timestamp, double Value, FloatHistogram? Histogram)> samples)
    {
        if (samples.Count == 0)
        {
            return;
        }

        long batchMin = long.MaxValue, batchMax = long.MinValue, appended = 0;
        foreach (var (memSeries, timestamp, value, histogram) in samples)
        {
            bool ok;
            lock (memSeries.Sync)
            {
                ok = histogram is null
                    ? memSeries.AppendLocked(timestamp, value, options.SamplesPerChunk, options.BlockRangeMs)
                    : memSeries.AppendHistogramLocked(timestamp, histogram, options.SamplesPerChunk, options.BlockRangeMs);
            }

            if (!ok)
            {
                Counters.AddRejected(AppendStatus.OutOfOrder);
                continue;
            }

            appended++;
            batchMin = Math.Min(batchMin, timestamp);
            batchMax = Math.Max(batchMax, timestamp);
        }

        if (appended > 0)
        {
            UpdateTimeRange(batchMin, batchMax);
            Counters.AddCommitted(appended);
        }
    }

    /// <summary>Recreates a series read from the log under its logged reference.</summary>
    public MemSeries ReplaySeries(ulong reference, Labels labels)
    {
        var memSeries = series.GetOrAdd(labels, () => new MemSeries(reference, labels), out var isNew);
        if (isNew)
        {
            postings.Add(reference, labels);
            Reserve(seriesPerMetric, labels.MetricName, 0);
            Reserve(seriesPerTarget, TargetKey(labels), 0);
        }

        InterlockedMax(ref nextRef, (long)reference);
        return memSeries;
    }

    /// <summary>Appends a sample read from the log; returns false when it is out of order.</summary>
    public bool ReplaySample(MemSeries memSeries, long timestamp, ulong valueBits)
    {
        bool ok;
        lock (memSeries.Sync)
        {
            ok = memSeries.AppendLocked(timestamp, BitConverter.UInt64BitsToDouble(valueBits), options.SamplesPerChunk, options.BlockRangeMs);
        }

        if (ok)
        {
            UpdateTimeRange(timestamp, timestamp);
        }

        return ok;
    }

    /// <summary>Appends a histogram sample read from the log; returns false when it is out of order.</summary>
    public bool ReplayHistogram(MemSeries memSeries, long timestamp, FloatHistogram histogram)
    {
        bool ok;
        lock (memSeries.Sync)
        {
            ok = memSeries.AppendHistogramLocked(timestamp, histogram, options.SamplesPerChunk, options.BlockRangeMs);
        }

        if (ok)
        {
            UpdateTimeRange(timestamp, timestamp);
        }

        return ok;
    }

    /// <summary>Returns the head series the matchers select, sorted by labels.</summary>
    public List<MemSeries> Select(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken)
    {
        var refs = PostingsForMatchers.Resolve(this, matchers, cancellationToken);
        var result = new List<MemSeries>(refs.Length);
        foreach (var reference in refs)
        {
            var memSeries = series.GetByRef(reference);
            if (memSeries is not null)
            {
                result.Add(memSeries);
            }
        }

        result.Sort(static (a, b) => Labels.Compare(a.Labels, b.Labels));
        return result;
    }

    public List<MemSeries> AllSeries() => series.All();

    public ulong[] AllPostings() => postings.AllPostings();

    public ulong[] Postings(string name, string value) => postings.Postings(name, value);

    public IReadOnlyCollection<string> LabelValues(string name) => postings.LabelValues(name);

    public IReadOnlyCollection<string> LabelNames() => postings.LabelNames();

    public List<(string Name, string Value, int Series)> PairCounts() => postings.PairCounts();

    /// <summary>
    /// Drops every chunk that ends before <paramref name="newMinTime"/> and every series left
    /// without samples, then raises the minimum valid time so such samples are not appended again.
    /// </summary>
    public int Truncate(long newMinTime)
    {
        MinValidTime = Math.Max(MinValidTime, newMinTime);
        var removed = series.RemoveWhere(s =>
        {
            lock (s.Sync)
            {
                return s.TruncateLocked(newMinTime) && s.LastTimestamp < newMinTime;
            }
        });
        postings.Remove(removed);
        foreach (var memSeries in removed)
        {
            Release(seriesPerMetric, memSeries.Labels.MetricName);
            Release(seriesPerTarget, TargetKey(memSeries.Labels));
        }

        Counters.AddSeriesRemoved(removed.Count);
        var newMin = long.MaxValue;
        foreach (var memSeries in series.All())
        {
            lock (memSeries.Sync)
            {
                newMin = Math.Min(newMin, memSeries.MinTime);
            }
        }

        Interlocked.Exchange(ref minTime, newMin);
        return removed.Count;
    }

    /// <summary>
    /// Returns an estimate of the bytes the head holds: chunk buffers as allocated, a cost per chunk
    /// for its array header and list entry, and a fixed cost per series and per label.
    /// </summary>
    public long EstimateMemoryBytes()
    {
        long total = 0;
        foreach (var memSeries in series.All())
        {
            lock (memSeries.Sync)
            {
                total += memSeries.ChunkBytes + memSeries.OpenChunkSlack + (memSeries.ChunkCount * BytesPerChunk);
            }

            // NOTE: the fixed costs are calibrated against the managed heap of a 4,800-series store;
            // label strings shared with other series are counted once per series.
            total += BytesPerSeries + (memSeries.Labels.Count * BytesPerLabel);
        }

        return total;
    }

    private static bool IsValid(Labels labels)
    {
        if (labels.Count == 0)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Name.Length == 0)
            {
                return false;
            }
        }

        return true;
    }

    private string TargetKey(Labels labels)
    {
        if (options.MaxSeriesPerTarget <= 0)
        {
            return string.Empty;
        }

        return string.Join('\xff', options.TargetLabels.Select(name => labels.Get(name) ?? string.Empty));
    }

    private static bool Reserve(ConcurrentDictionary<string, int> counts, string key, int limit)
    {
        var count = counts.AddOrUpdate(key, 1, static (_, c) => c + 1);
        if (limit > 0 && count > limit)
        {
            Release(counts, key);
            return false;
        }

        return true;
    }

    private static void Release(ConcurrentDictionary<string, int> counts, string key) =>
        counts.AddOrUpdate(key, 0, static (_, c) => Math.Max(0, c - 1));

    private void UpdateTimeRange(long low, long high)
    {
        InterlockedMin(ref minTime, low);
        InterlockedMax(ref maxTime, high);
    }

    private static void InterlockedMin(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;

namespace InferScope.PromQL.Testing;

/// <summary>
/// A small in-memory store for test scripts and unit tests: series kept as sorted arrays, no
/// persistence, no limits. It implements the same read contract as the real store.
/// </summary>
public sealed class ScratchStore : Model.Storage.IQueryable, IAppendable
{
    private readonly Dictionary<Labels, List<Entry>> series = [];
    private readonly Lock gate = new();

    public int SeriesCount
    {
        get
        {
            lock (gate)
            {
                return series.Count;
            }
        }
    }

    /// <summary>Adds or replaces a sample directly, keeping each series sorted by time.</summary>
    public void Add(Labels labels, long timestampMs, double value) => Add(labels, new Entry(timestampMs, value, null));

    /// <summary>Adds or replaces a native histogram sample directly, keeping each series sorted by time.</summary>
    public void AddHistogram(Labels labels, long timestampMs, FloatHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        Add(labels, new Entry(timestampMs, double.NaN, histogram));
    }

    private void Add(Labels labels, Entry entry)
    {
        ArgumentNullException.ThrowIfNull(labels);
        lock (gate)
        {
            if (!series.TryGetValue(labels, out var samples))
            {
                samples = [];
                series.Add(labels, samples);
            }

            var index = samples.BinarySearch(entry, EntryTimeComparer.Instance);
            if (index >= 0)
            {
                samples[index] = entry;
            }
            else
            {
                samples.Insert(~index, entry);
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            series.Clear();
        }
    }

    public IAppender CreateAppender() => new Appender(this);

    public IQuerier CreateQuerier(long minTimeMs, long maxTimeMs) => new Querier(this, minTimeMs, maxTimeMs);

    private readonly record struct Entry(long TimestampMs, double Value, FloatHistogram? Histogram);

    private sealed class EntryTimeComparer : IComparer<Entry>
    {
        public static readonly EntryTimeComparer Instance = new();

        public int Compare(Entry x, Entry y) => x.TimestampMs.CompareTo(y.TimestampMs);
    }

    private sealed class Appender(ScratchStore store) : IAppender
    {
        private readonly List<(Labels Labels, Entry Entry)> pending = [];

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            pending.Add((labels, new Entry(timestampMs, value, null)));
            return AppendStatus.Ok;
        }

        public AppendStatus AppendHistogram(Labels labels, long timestampMs, FloatHistogram histogram)
        {
            ArgumentNullException.ThrowIfNull(histogram);
            pending.Add((labels, new Entry(timestampMs, double.NaN, histogram)));
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata)
        {
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            foreach (var (labels, entry) in pending)
            {
                store.Add(labels, entry);
            }

            pending.Clear();
            return ValueTask.CompletedTask;
        }

        public void Rollback() => pending.Clear();

        public void Dispose() => pending.Clear();
    }

    private sealed class Querier(ScratchStore store, long minT, long maxT) : IQuerier
    {
        public IEnumerable<ISeries> Select(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default)
        {
            List<(Labels Labels, Entry[] Samples)> selected = [];
            lock (store.gate)
            {
                foreach (var (labels, samples) in store.series)
                {
                    if (matchers.All(m => m.Matches(labels)))
                    {
                        selected.Add((labels, [.. samples]));
                    }
                }
            }

            selected.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
            return selected.Select(s => (ISeries)new Series(s.Labels, s.Samples, minT, maxT));
        }

        public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            [.. Select(matchers, cancellationToken).SelectMany(s => s.Labels.Select(l => l.Name)).Distinct().Order(StringComparer.Ordinal)];

        public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            [.. Select(matchers, cancellationToken).Select(s => s.Labels.Get(name)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

        public void Dispose()
        {
        }
    }

    private sealed class Series(Labels labels, Entry[] samples, long minT, long maxT) : ISeries
    {
        public Labels Labels { get; } = labels;

        public ISampleIterator CreateIterator() => new Iterator(samples, minT, maxT);
    }

    private sealed class Iterator(Entry[] samples, long minT, long maxT) : ISampleIterator
    {
        private int index = -1;

        public long Timestamp => samples[index].TimestampMs;

        public double Value => samples[index].Value;

        public FloatHistogram? Histogram => samples[index].Histogram;

        public SampleKind Kind => Histogram is null ? SampleKind.Float : SampleKind.Histogram;

        public bool MoveNext()
        {
            do
            {
                index++;
            }
            while (index < samples.Length && samples[index].TimestampMs < minT);

            return index < samples.Length && samples[index].TimestampMs <= maxT;
        }

        public bool Seek(long timestampMs)
        {
            var target = Math.Max(timestampMs, minT);
            if (index >= 0 && index < samples.Length && samples[index].TimestampMs >= target)
            {
                return samples[index].TimestampMs <= maxT;
            }

            var lo = Math.Max(index, 0);
            var hi = samples.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (samples[mid].TimestampMs < target)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            index = lo;
            return index < samples.Length && samples[index].TimestampMs <= maxT;
        }
    }
}

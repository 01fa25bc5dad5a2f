using System.Collections.Concurrent;
using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Ingestion.Tests.Support;

/// <summary>
/// A small in-memory store for tests: committed samples per series, out-of-order checks as the
/// real head does, and a querier over matchers. Thread-safe.
/// </summary>
internal sealed class MemoryStorage : IAppendable, InferScope.Model.Storage.IQueryable
{
    private readonly ConcurrentDictionary<Labels, List<Sample>> series = new();
    private readonly ConcurrentDictionary<string, MetricMetadata> metadata = new(StringComparer.Ordinal);
    private readonly Lock commitLock = new();

    public int Commits { get; private set; }

    /// <summary>Makes CommitAsync throw, to test failure paths.</summary>
    public bool FailCommits { get; set; }

    public IReadOnlyDictionary<string, MetricMetadata> Metadata => metadata;

    public IAppender CreateAppender() => new Appender(this);

    public IQuerier CreateQuerier(long minTimeMs, long maxTimeMs) => new Querier(this, minTimeMs, maxTimeMs);

    /// <summary>Returns every series whose labels include all the given pairs.</summary>
    public IReadOnlyList<(Labels Labels, IReadOnlyList<Sample> Samples)> Find(params string[] pairs)
    {
        var wanted = Labels.FromPairs(pairs);
        lock (commitLock)
        {
            return [.. series
                .Where(p => wanted.All(l => p.Key.Get(l.Name) == l.Value))
                .OrderBy(p => p.Key, Comparer<Labels>.Create(Labels.Compare))
                .Select(p => (p.Key, (IReadOnlyList<Sample>)[.. p.Value]))];
        }
    }

    /// <summary>Returns the samples of the one series with exactly these labels, or an empty list.</summary>
    public IReadOnlyList<Sample> Samples(Labels labels)
    {
        lock (commitLock)
        {
            return series.TryGetValue(labels, out var list) ? [.. list] : [];
        }
    }

    public IReadOnlyList<Labels> AllSeries()
    {
        lock (commitLock)
        {
            return [.. series.Keys];
        }
    }

    private sealed class Appender(MemoryStorage storage) : IAppender
    {
        private readonly List<(Labels Labels, Sample Sample)> pending = [];
        private readonly Dictionary<string, MetricMetadata> pendingMetadata = new(StringComparer.Ordinal);

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            if (labels.Count == 0 || string.IsNullOrEmpty(labels.MetricName))
            {
                return AppendStatus.InvalidLabels;
            }

            lock (storage.commitLock)
            {
                if (storage.series.TryGetValue(labels, out var existing) && existing.Count > 0
                    && existing[^1].TimestampMs > timestampMs)
                {
                    return AppendStatus.OutOfOrder;
                }
            }

            pending.Add((labels, new Sample(timestampMs, value)));
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata) =>
            pendingMetadata[metricFamilyName] = metadata;

        public ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            if (storage.FailCommits)
            {
                throw new IOException("disk full");
            }

            lock (storage.commitLock)
            {
                foreach (var (labels, sample) in pending)
                {
                    storage.series.GetOrAdd(labels, _ => []).Add(sample);
                }

                foreach (var (name, value) in pendingMetadata)
                {
                    storage.metadata[name] = value;
                }

                storage.Commits++;
            }

            pending.Clear();
            return ValueTask.CompletedTask;
        }

        public void Rollback() => pending.Clear();

        public void Dispose() => pending.Clear();
    }

    private sealed class Querier(MemoryStorage storage, long minTimeMs, long maxTimeMs) : IQuerier
    {
        public IEnumerable<ISeries> Select(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default)
        {
            lock (storage.commitLock)
            {
                return [.. storage.series
                    .Where(p => matchers.All(m => m.Matches(p.Key)))
                    .OrderBy(p => p.Key, Comparer<Labels>.Create(Labels.Compare))
                    .Select(p => new Series(p.Key, [.. p.Value.Where(s => s.TimestampMs >= minTimeMs && s.TimestampMs <= maxTimeMs)]))];
            }
        }

        public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            [.. Select(matchers, cancellationToken).SelectMany(s => s.Labels).Select(l => l.Name).Distinct().Order(StringComparer.Ordinal)];

        public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            [.. Select(matchers, cancellationToken).Select(s => s.Labels.Get(name)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

        public void Dispose()
        {
        }
    }

    private sealed class Series(Labels labels, List<Sample> samples) : ISeries
    {
        public Labels Labels { get; } = labels;

        public ISampleIterator CreateIterator() => new Iterator(samples);
    }

    private sealed class Iterator(List<Sample> samples) : ISampleIterator
    {
        private int index = -1;

        public long Timestamp => samples[index].TimestampMs;

        public double Value => samples[index].Value;

        public bool MoveNext() => ++index < samples.Count;

        public bool Seek(long timestampMs)
        {
            index = Math.Max(index, 0);
            while (index < samples.Count && samples[index].TimestampMs < timestampMs)
            {
                index++;
            }

            return index < samples.Count;
        }
    }
}

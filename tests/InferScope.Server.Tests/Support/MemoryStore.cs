using InferScope.Model;
using InferScope.Model.Storage;
using IQueryable = InferScope.Model.Storage.IQueryable;

namespace InferScope.Server.Tests.Support;

/// <summary>A small in-memory store for API tests: series in a dictionary, samples in sorted lists.</summary>
internal sealed class MemoryStore : IQueryable, IAppendable, IAsyncDisposable
{
    private readonly Dictionary<Labels, List<Sample>> series = [];
    private readonly Lock gate = new();

    public bool Disposed { get; private set; }

    public void Add(Labels labels, long timestampMs, double value)
    {
        lock (gate)
        {
            if (!series.TryGetValue(labels, out var samples))
            {
                samples = [];
                series[labels] = samples;
            }

            samples.Add(new Sample(timestampMs, value));
            samples.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        }
    }

    public IQuerier CreateQuerier(long minTimeMs, long maxTimeMs)
    {
        lock (gate)
        {
            var snapshot = series
                .Select(p => (p.Key, p.Value.Where(s => s.TimestampMs >= minTimeMs && s.TimestampMs <= maxTimeMs).ToArray()))
                .Where(p => p.Item2.Length > 0)
                .OrderBy(p => p.Key, Comparer<Labels>.Create(Labels.Compare))
                .ToList();
            return new Querier(snapshot);
        }
    }

    public IAppender CreateAppender() => new Appender(this);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private sealed class Querier(List<(Labels Labels, Sample[] Samples)> snapshot) : IQuerier
    {
        public IEnumerable<ISeries> Select(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            snapshot.Where(s => matchers.All(m => m.Matches(s.Labels))).Select(s => (ISeries)new Series(s.Labels, s.Samples));

        public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            Select(matchers, cancellationToken).SelectMany(s => s.Labels.Select(l => l.Name)).Distinct().Order(StringComparer.Ordinal).ToList();

        public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default) =>
            Select(matchers, cancellationToken).Select(s => s.Labels.Get(name)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

        public void Dispose()
        {
        }
    }

    private sealed class Series(Labels labels, Sample[] samples) : ISeries
    {
        public Labels Labels => labels;

        public ISampleIterator CreateIterator() => new Iterator(samples);
    }

    private sealed class Iterator(Sample[] samples) : ISampleIterator
    {
        private int index = -1;

        public long Timestamp => samples[index].TimestampMs;

        public double Value => samples[index].Value;

        public bool MoveNext() => ++index < samples.Length;

        public bool Seek(long timestampMs)
        {
            index = Math.Max(index, 0);
            while (index < samples.Length && samples[index].TimestampMs < timestampMs)
            {
                index++;
            }

            return index < samples.Length;
        }
    }

    private sealed class Appender(MemoryStore store) : IAppender
    {
        private readonly List<(Labels, long, double)> pending = [];
        private readonly Dictionary<string, MetricMetadata> metadata = [];

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            pending.Add((labels, timestampMs, value));
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata) => this.metadata[metricFamilyName] = metadata;

        public ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            foreach (var (labels, timestampMs, value) in pending)
            {
                store.Add(labels, timestampMs, value);
            }

            pending.Clear();
            return ValueTask.CompletedTask;
        }

        public void Rollback() => pending.Clear();

        public void Dispose()
        {
        }
    }
}

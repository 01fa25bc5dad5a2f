using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Simulation.Tests;

/// <summary>An in-memory <see cref="IAppendable"/> that keeps every committed sample, for tests.</summary>
internal sealed class MemoryStore : IAppendable
{
    public Dictionary<Labels, List<Sample>> Series { get; } = [];

    public IAppender CreateAppender() => new Appender(this);

    private sealed class Appender(MemoryStore store) : IAppender
    {
        private readonly List<(Labels, Sample)> pending = [];

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            if (!labels.Has(LabelNames.MetricName))
            {
                return AppendStatus.InvalidLabels;
            }

            if (store.Series.TryGetValue(labels, out var samples) && samples.Count > 0 && samples[^1].TimestampMs >= timestampMs)
            {
                return AppendStatus.OutOfOrder;
            }

            pending.Add((labels, new Sample(timestampMs, value)));
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata)
        {
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            foreach (var (labels, sample) in pending)
            {
                if (!store.Series.TryGetValue(labels, out var samples))
                {
                    samples = [];
                    store.Series[labels] = samples;
                }

                samples.Add(sample);
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

using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Analysis.Tests.Support;

/// <summary>An <see cref="IAppendable"/> that keeps committed samples in a list for assertions.</summary>
internal sealed class CapturingAppendable : IAppendable
{
    private readonly List<(Labels Labels, long TimestampMs, double Value)> committed = [];

    public IReadOnlyList<(Labels Labels, long TimestampMs, double Value)> Samples
    {
        get
        {
            lock (committed)
            {
                return [.. committed];
            }
        }
    }

    public IAppender CreateAppender() => new Appender(this);

    private sealed class Appender(CapturingAppendable owner) : IAppender
    {
        private readonly List<(Labels, long, double)> pending = [];

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            pending.Add((labels, timestampMs, value));
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata)
        {
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            lock (owner.committed)
            {
                owner.committed.AddRange(pending);
            }

            pending.Clear();
            return ValueTask.CompletedTask;
        }

        public void Rollback() => pending.Clear();

        public void Dispose() => pending.Clear();
    }
}

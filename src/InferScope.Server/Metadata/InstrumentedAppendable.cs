using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Server.Telemetry;

namespace InferScope.Server.Metadata;

/// <summary>
/// Wraps the store's appendable so every ingest path feeds the metadata catalog and the server's
/// ingest counters (appended and rejected samples by reason) without knowing about either.
/// </summary>
public sealed class InstrumentedAppendable : IAppendable
{
    private readonly IAppendable inner;
    private readonly MetadataCatalog catalog;
    private readonly ServerMetrics metrics;

    public InstrumentedAppendable(IAppendable inner, MetadataCatalog catalog, ServerMetrics metrics)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        this.catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
    }

    public IAppender CreateAppender() => new Appender(inner.CreateAppender(), catalog, metrics);

    private sealed class Appender(IAppender inner, MetadataCatalog catalog, ServerMetrics metrics) : IAppender
    {
        private long appended;
        private readonly long[] rejected = new long[Enum.GetValues<AppendStatus>().Length];

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            var status = inner.Append(labels, timestampMs, value);
            if (status == AppendStatus.Ok)
            {
                appended++;
            }
            else
            {
                rejected[(int)status]++;
            }

            return status;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata)
        {
            catalog.Update(metricFamilyName, metadata);
            inner.UpdateMetadata(metricFamilyName, metadata);
        }

        public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
            metrics.RecordCommit(appended, rejected);
            appended = 0;
            Array.Clear(rejected);
        }

        public void Rollback()
        {
            inner.Rollback();
            appended = 0;
            Array.Clear(rejected);
        }

        public void Dispose() => inner.Dispose();
    }
}

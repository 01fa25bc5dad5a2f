using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.Model.Storage;
using InferScope.Storage.Wal;

namespace InferScope.Storage.Head;

/// <summary>
/// A batch of samples for the head. Samples are checked when appended, logged to the write-ahead
/// log on commit, and only then written to the series, so readers never see an uncommitted sample.
/// </summary>
internal sealed class HeadAppender : IAppender
{
    private readonly MemHead head;
    private readonly List<(MemSeries Series, long Timestamp, double Value, FloatHistogram? Histogram)> pending = [];
    private readonly List<MemSeries> created = [];
    private bool finished;

    public HeadAppender(MemHead head)
    {
        this.head = head;
    }

    public AppendStatus Append(Labels labels, long timestampMs, double value) => AppendSample(labels, timestampMs, value, null);

    public AppendStatus AppendHistogram(Labels labels, long timestampMs, FloatHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return AppendSample(labels, timestampMs, double.NaN, histogram);
    }

    private AppendStatus AppendSample(Labels labels, long timestampMs, double value, FloatHistogram? histogram)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        ArgumentNullException.ThrowIfNull(labels);
        var status = head.CheckTime(timestampMs);
        if (status != AppendStatus.Ok)
        {
            head.Counters.AddRejected(status);
            return status;
        }

        var series = head.GetByLabels(labels);
        if (series is null)
        {
            status = head.TryCreate(labels, out series, out var isNew);
            if (status != AppendStatus.Ok)
            {
                head.Counters.AddRejected(status);
                return status;
            }

            if (isNew)
            {
                created.Add(series!);
            }
        }

        status = CheckOrder(series!, timestampMs, value, histogram, out var isRepeat);
        if (status != AppendStatus.Ok)
        {
            head.Counters.AddRejected(status);
            return status;
        }

        if (isRepeat)
        {
            return AppendStatus.Ok;
        }

        pending.Add((series!, timestampMs, value, histogram));
        return AppendStatus.Ok;
    }

    public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata)
    {
        // NOTE: metadata is not stored yet; the HTTP metadata API reads it from the scrape cache.
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        finished = true;
        try
        {
            if (head.Wal is not null && (pending.Count > 0 || created.Count > 0))
            {
                await LogAsync(head.Wal, cancellationToken).ConfigureAwait(false);
            }

            head.Commit(pending);
        }
        finally
        {
            ClearPending();
        }
    }

    public void Rollback()
    {
        if (finished)
        {
            return;
        }

        finished = true;
        ClearPending();
    }

    public void Dispose() => Rollback();

    private async ValueTask LogAsync(WriteAheadLog wal, CancellationToken cancellationToken)
    {
        var records = new List<ReadOnlyMemory<byte>>(2);
        if (created.Count > 0)
        {
            var seriesBuffer = new RecordBuffer(64 * created.Count);
            WalRecords.WriteSeries(seriesBuffer, created.ConvertAll(s => (s.Ref, s.Labels)));
            records.Add(seriesBuffer.Memory);
        }

        // Floats and histograms go to separate record types. Each run of one kind becomes its own
        // record, in append order, so a replay reads every series' samples in time order.
        var floats = new List<WalSample>();
        var histograms = new List<(ulong Ref, long Timestamp, FloatHistogram Histogram)>();
        foreach (var (series, timestamp, value, histogram) in pending)
        {
            if (histogram is null)
            {
                FlushHistograms(records, histograms);
                floats.Add(new WalSample(series.Ref, timestamp, BitConverter.DoubleToUInt64Bits(value)));
            }
            else
            {
                FlushFloats(records, floats);
                histograms.Add((series.Ref, timestamp, histogram));
            }
        }

        FlushFloats(records, floats);
        FlushHistograms(records, histograms);
        await wal.LogAsync(records, cancellationToken).ConfigureAwait(false);
    }

    private static void FlushFloats(List<ReadOnlyMemory<byte>> records, List<WalSample> floats)
    {
        if (floats.Count == 0)
        {
            return;
        }

        var buffer = new RecordBuffer(16 + (12 * floats.Count));
        WalRecords.WriteSamples(buffer, [.. floats]);
        records.Add(buffer.Memory);
        floats.Clear();
    }

    private static void FlushHistograms(List<ReadOnlyMemory<byte>> records, List<(ulong Ref, long Timestamp, FloatHistogram Histogram)> histograms)
    {
        if (histograms.Count == 0)
        {
            return;
        }

        var buffer = new RecordBuffer(64 * histograms.Count);
        WalRecords.WriteHistogramSamples(buffer, histograms);
        records.Add(buffer.Memory);
        histograms.Clear();
    }

    private AppendStatus CheckOrder(MemSeries series, long timestamp, double value, FloatHistogram? histogram, out bool isRepeat)
    {
        isRepeat = false;
        lock (series.Sync)
        {
            var last = series.LastTimestamp;
            var lastBits = series.LastValueBits;
            if (series.PendingOwner == this && series.PendingMaxTimestamp >= last)
            {
                if (timestamp < series.PendingMaxTimestamp)
                {
                    return AppendStatus.OutOfOrder;
                }

                if (timestamp == series.PendingMaxTimestamp)
                {
                    return AppendStatus.DuplicateTimestamp;
                }
            }

            if (timestamp < last)
            {
                return AppendStatus.OutOfOrder;
            }

            if (timestamp == last)
            {
                // The same sample again is accepted and dropped, as Prometheus does; a new value is an error.
                isRepeat = histogram is null
                    ? series.LastHistogram is null && BitConverter.DoubleToUInt64Bits(value) == lastBits
                    : histogram.ValueEquals(series.LastHistogram);
                return isRepeat ? AppendStatus.Ok : AppendStatus.DuplicateTimestamp;
            }

            series.PendingOwner = this;
            series.PendingMaxTimestamp = timestamp;
        }

        return AppendStatus.Ok;
    }

    private void ClearPending()
    {
        foreach (var (series, _, _, _) in pending)
        {
            lock (series.Sync)
            {
                if (series.PendingOwner == this)
                {
                    series.PendingOwner = null;
                    series.PendingMaxTimestamp = long.MinValue;
                }
            }
        }

        pending.Clear();
        created.Clear();
    }
}

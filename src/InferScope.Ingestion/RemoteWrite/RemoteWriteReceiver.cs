using System.Globalization;
using Google.Protobuf;
using InferScope.Ingestion.Pipeline;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model;
using InferScope.Model.Storage;
using Microsoft.Extensions.Logging;
using Snappier;
using Wire = InferScope.Ingestion.RemoteWrite.Protocol;

namespace InferScope.Ingestion.RemoteWrite;

/// <summary>
/// Receives Prometheus remote-write 1.0 pushes: a snappy block-compressed protobuf
/// <c>WriteRequest</c>. Independent of ASP.NET Core: the server passes the body and headers of a
/// POST and writes the returned status and message. Thread-safe.
/// </summary>
/// <remarks>
/// The receiver returns 204 only after storage committed the push. A malformed body or an invalid series
/// gets 400 and stores nothing. Samples storage rejects (out of order, too old) get 400 after the
/// rest are committed, as Prometheus 2.42 responds, so the sender does not resend them. A failed
/// commit gets 500 so the sender retries.
/// </remarks>
public sealed class RemoteWriteReceiver
{
    private const string ProtocolName = "remote_write";

    private readonly IAppendable storage;
    private readonly IngestionMetrics metrics;
    private readonly ILogger logger;
    private readonly PushReceiverOptions options;

    public RemoteWriteReceiver(
        IAppendable storage, IngestionMetrics metrics, ILogger<RemoteWriteReceiver> logger, PushReceiverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        this.storage = storage;
        this.metrics = metrics;
        this.logger = logger;
        this.options = options ?? new PushReceiverOptions();
    }

    /// <summary>
    /// Handles one POST body. Invalid input gets an error result; it throws only when the body
    /// stream fails or the request is cancelled.
    /// </summary>
    public async Task<PushResult> HandleAsync(Stream body, PushRequestHeaders headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(headers);
        var result = await HandleCoreAsync(body, headers, cancellationToken).ConfigureAwait(false);
        metrics.RecordPush(ProtocolName, result.StatusCode);
        if (!result.IsSuccess)
        {
            IngestionLog.PushRejected(logger, ProtocolName, result.Message);
        }

        return result;
    }

    private async Task<PushResult> HandleCoreAsync(Stream body, PushRequestHeaders headers, CancellationToken cancellationToken)
    {
        var headerError = CheckHeaders(headers);
        if (headerError is not null)
        {
            return headerError;
        }

        using var compressed = await BodyReader.ReadAsync(body, options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (compressed is null)
        {
            metrics.AddRejected(IngestionSource.RemoteWrite, RejectReason.BodySizeLimit, 1);
            return new PushResult(413, $"request body is larger than the limit of {options.MaxBodyBytes} bytes; send smaller batches");
        }

        Wire.WriteRequest request;
        try
        {
            request = Decode(compressed.Span);
        }
        catch (PayloadTooLargeException e)
        {
            metrics.AddRejected(IngestionSource.RemoteWrite, RejectReason.BodySizeLimit, 1);
            return new PushResult(413, e.Message);
        }
        catch (InvalidDataException e)
        {
            metrics.AddRejected(IngestionSource.RemoteWrite, RejectReason.InvalidRequest, 1);
            return new PushResult(400, "invalid remote-write body: " + e.Message);
        }

        var series = new Labels[request.Timeseries.Count];
        for (var i = 0; i < series.Length; i++)
        {
            var error = ConvertLabels(request.Timeseries[i], out series[i]);
            if (error is not null)
            {
                var samples = request.Timeseries.Sum(s => (long)s.Samples.Count);
                metrics.AddRejected(IngestionSource.RemoteWrite, RejectReason.InvalidLabels, samples);
                return new PushResult(400, string.Create(CultureInfo.InvariantCulture, $"timeseries[{i}]: {error}; nothing was stored"));
            }
        }

        return await StoreAsync(request, series, cancellationToken).ConfigureAwait(false);
    }

    private static PushResult? CheckHeaders(PushRequestHeaders headers)
    {
        if (headers.ContentType is { } type && type.Contains("io.prometheus.write.v2", StringComparison.OrdinalIgnoreCase))
        {
            return new PushResult(415, $"Content-Type \"{type}\" is remote-write 2.0, which is not supported; configure the sender for remote-write 1.0 (protobuf message prometheus.WriteRequest, Content-Type: application/x-protobuf)");
        }

        if (headers.ContentType is { } other && !other.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return new PushResult(415, $"Content-Type \"{other}\" is not supported; send application/x-protobuf");
        }

        if (!string.Equals(headers.ContentEncoding, "snappy", StringComparison.OrdinalIgnoreCase))
        {
            return new PushResult(400, $"Content-Encoding \"{headers.ContentEncoding}\" is not supported; compress the body with snappy (block format) and send Content-Encoding: snappy");
        }

        return null;
    }

    /// <exception cref="PayloadTooLargeException">The body decompresses to more than the limit.</exception>
    /// <exception cref="InvalidDataException">The body is not snappy block data or not a WriteRequest; the message names the fix.</exception>
    private Wire.WriteRequest Decode(ReadOnlySpan<byte> compressed)
    {
        const string NotSnappy = "the body is not valid snappy block-format data; compress the protobuf WriteRequest with snappy's block format, not the framed stream format";
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(compressed);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            // Snappier throws InvalidDataException or ArgumentOutOfRangeException for a length header it cannot use.
            throw new InvalidDataException(NotSnappy + " (its length header is invalid)", e);
        }

        if (length > options.MaxDecompressedBytes)
        {
            throw new PayloadTooLargeException(string.Create(
                CultureInfo.InvariantCulture,
                $"the body decompresses to {length} bytes, more than the limit of {options.MaxDecompressedBytes} bytes; send smaller batches"));
        }

        using var plain = RentedBuffer.Rent(length);
        try
        {
            Snappy.Decompress(compressed, plain.WritableSpan);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException(NotSnappy, e);
        }

        try
        {
            return Wire.WriteRequest.Parser.ParseFrom(plain.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException(
                $"the decompressed body is not a remote-write 1.0 protobuf prometheus.WriteRequest ({e.Message.TrimEnd('.')}); send a WriteRequest compressed with snappy",
                e);
        }
    }

    /// <summary>Builds the label set of a series; returns an error naming the bad label, or null.</summary>
    private static string? ConvertLabels(Wire.TimeSeries series, out Labels labels)
    {
        labels = Model.Labels.Empty;
        var list = new Label[series.Labels.Count];
        for (var j = 0; j < list.Length; j++)
        {
            var label = series.Labels[j];
            if (!PrometheusNames.IsValidLabelName(label.Name) && label.Name != LabelNames.MetricName)
            {
                return $"label name \"{label.Name}\" is invalid; use letters, digits and '_'";
            }

            list[j] = new Label(label.Name, label.Value);
        }

        var seen = new HashSet<string>(list.Length, StringComparer.Ordinal);
        foreach (var label in list)
        {
            if (!seen.Add(label.Name))
            {
                return $"label name \"{label.Name}\" appears more than once in the series; send each label name once";
            }
        }

        labels = Model.Labels.From(list);

        var name = labels.Get(LabelNames.MetricName);
        if (name is null)
        {
            return $"series {labels} has no __name__ label";
        }

        if (!PrometheusNames.IsValidMetricName(name))
        {
            return $"metric name \"{name}\" is invalid; use letters, digits, '_' and ':'";
        }

        return null;
    }

    private async Task<PushResult> StoreAsync(Wire.WriteRequest request, Labels[] series, CancellationToken cancellationToken)
    {
        var stored = 0L;
        var rejected = 0L;
        string? firstRejection = null;
        var histograms = 0L;
        using var appender = storage.CreateAppender();
        foreach (var metadata in request.Metadata)
        {
            appender.UpdateMetadata(metadata.MetricFamilyName, ToMetadata(metadata));
        }

        for (var i = 0; i < series.Length; i++)
        {
            var timeSeries = request.Timeseries[i];
            histograms += timeSeries.Histograms.Count;
            foreach (var sample in timeSeries.Samples)
            {
                var status = appender.Append(series[i], sample.Timestamp, sample.Value);
                if (status == AppendStatus.Ok)
                {
                    stored++;
                    continue;
                }

                rejected++;
                metrics.AddRejected(IngestionSource.RemoteWrite, status);
                firstRejection ??= string.Create(
                    CultureInfo.InvariantCulture, $"{RejectReason.Explain(status)} sample for {series[i]} at {sample.Timestamp}");
            }
        }

        try
        {
            await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            appender.Rollback();
            IngestionLog.PushCommitFailed(logger, e, ProtocolName);
            metrics.AddRejected(IngestionSource.RemoteWrite, RejectReason.CommitFailed, stored);
            return new PushResult(500, "storing the samples failed: " + e.Message);
        }

        metrics.AddIngested(IngestionSource.RemoteWrite, stored);
        metrics.AddRejected(IngestionSource.RemoteWrite, RejectReason.NativeHistogram, histograms);
        if (rejected > 0)
        {
            return new PushResult(400, string.Create(
                CultureInfo.InvariantCulture,
                $"{rejected} samples were rejected and {stored} stored; the first rejected: {firstRejection}"));
        }

        if (histograms > 0)
        {
            return new PushResult(400, string.Create(
                CultureInfo.InvariantCulture,
                $"{histograms} native histogram samples were rejected because native histograms are not supported; {stored} float samples were stored"));
        }

        return new PushResult(204, string.Create(CultureInfo.InvariantCulture, $"stored {stored} samples"));
    }

    private static MetricMetadata ToMetadata(Wire.MetricMetadata metadata)
    {
        var type = metadata.Type switch
        {
            Wire.MetricMetadata.Types.MetricType.Counter => MetricType.Counter,
            Wire.MetricMetadata.Types.MetricType.Gauge => MetricType.Gauge,
            Wire.MetricMetadata.Types.MetricType.Histogram => MetricType.Histogram,
            Wire.MetricMetadata.Types.MetricType.Gaugehistogram => MetricType.GaugeHistogram,
            Wire.MetricMetadata.Types.MetricType.Summary => MetricType.Summary,
            Wire.MetricMetadata.Types.MetricType.Info => MetricType.Info,
            Wire.MetricMetadata.Types.MetricType.Stateset => MetricType.StateSet,
            _ => MetricType.Unknown,
        };
        return new MetricMetadata(type, metadata.Help, metadata.Unit);
    }
}

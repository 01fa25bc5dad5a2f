using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using InferScope.Model;
using InferScope.Model.Storage;
using Microsoft.Extensions.Logging;
using Snappier;
using Wire = InferScope.Ingestion.RemoteWrite.Protocol;

namespace InferScope.Ingestion.RemoteWrite;

/// <summary>
/// A store that forwards samples with Prometheus remote-write 1.0, for <c>storage.mode: remote</c>.
/// Each appender buffers its samples and sends them on <see cref="IAppender.CommitAsync"/>, which
/// completes only when the receiver acknowledged every request, so the caller acknowledges its own
/// client only after the remote store has the data. Thread-safe; appenders are not.
/// </summary>
/// <remarks>
/// 5xx and 429 responses and network errors are retried with exponential backoff, and other 4xx
/// responses fail the commit at once because resending the same data cannot succeed, as in
/// Prometheus. Append never rejects a sample, so out-of-order samples surface only as the
/// receiver's error.
/// </remarks>
public sealed class RemoteWriteStorage : IAppendable
{
    private readonly HttpClient httpClient;
    private readonly RemoteWriteSenderOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    public RemoteWriteStorage(
        HttpClient httpClient, RemoteWriteSenderOptions options, ILogger<RemoteWriteStorage> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.MaxSamplesPerSend < 1 || options.MaxAttempts < 1)
        {
            throw new ArgumentException("MaxSamplesPerSend and MaxAttempts must be at least 1.", nameof(options));
        }

        this.httpClient = httpClient;
        this.options = options;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
    }

    public IAppender CreateAppender() => new Appender(this);

    /// <summary>Sends one request, retrying as the remarks describe.</summary>
    internal async Task SendAsync(Wire.WriteRequest request, CancellationToken cancellationToken)
    {
        var compressed = Snappy.CompressToArray(request.ToByteArray());
        var backoff = options.MinBackoff;
        for (var attempt = 1; ; attempt++)
        {
            string error;
            int? status = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Timeout);
                using var message = CreateMessage(compressed);
                using var response = await httpClient.SendAsync(message, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                error = string.Create(CultureInfo.InvariantCulture, $"HTTP status {status}: {body.Trim()}");
                if (status < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new RemoteWriteException($"Remote write to {options.Url} was rejected with {error}") { StatusCode = status };
                }
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"timed out after {options.Timeout.TotalSeconds}s");
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new RemoteWriteException(
                    $"Remote write to {options.Url} failed after {attempt} attempts: {error}")
                { StatusCode = status };
            }

            IngestionLog.RemoteWriteRetry(logger, options.Url, attempt, (long)backoff.TotalMilliseconds, error);
            await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
        }
    }

    private HttpRequestMessage CreateMessage(byte[] compressed)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, options.Url)
        {
            Content = new ByteArrayContent(compressed),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        message.Content.Headers.ContentEncoding.Add("snappy");
        message.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", "0.1.0");
        message.Headers.TryAddWithoutValidation("User-Agent", "InferScope");
        foreach (var (name, value) in options.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    private sealed class Appender(RemoteWriteStorage storage) : IAppender
    {
        private readonly Dictionary<Labels, List<Sample>> pending = [];
        private readonly Dictionary<string, MetricMetadata> metadata = new(StringComparer.Ordinal);
        private int count;

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            ArgumentNullException.ThrowIfNull(labels);
            if (labels.Count == 0 || string.IsNullOrEmpty(labels.MetricName))
            {
                return AppendStatus.InvalidLabels;
            }

            if (!pending.TryGetValue(labels, out var samples))
            {
                samples = [];
                pending[labels] = samples;
            }

            samples.Add(new Sample(timestampMs, value));
            count++;
            return AppendStatus.Ok;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata) => this.metadata[metricFamilyName] = metadata;

        public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            foreach (var request in Batches())
            {
                await storage.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            Rollback();
        }

        public void Rollback()
        {
            pending.Clear();
            metadata.Clear();
            count = 0;
        }

        public void Dispose() => Rollback();

        /// <summary>Splits the buffered samples into requests of at most MaxSamplesPerSend samples.</summary>
        private IEnumerable<Wire.WriteRequest> Batches()
        {
            var limit = storage.options.MaxSamplesPerSend;
            var request = new Wire.WriteRequest();
            AddMetadata(request);
            var inRequest = 0;
            foreach (var (labels, samples) in pending)
            {
                for (var start = 0; start < samples.Count;)
                {
                    var take = Math.Min(samples.Count - start, limit - inRequest);
                    request.Timeseries.Add(ToTimeSeries(labels, samples, start, take));
                    inRequest += take;
                    start += take;
                    if (inRequest == limit)
                    {
                        yield return request;
                        request = new Wire.WriteRequest();
                        inRequest = 0;
                    }
                }
            }

            if (inRequest > 0 || (count == 0 && request.Metadata.Count > 0))
            {
                yield return request;
            }
        }

        private void AddMetadata(Wire.WriteRequest request)
        {
            foreach (var (name, value) in metadata)
            {
                request.Metadata.Add(new Wire.MetricMetadata
                {
                    MetricFamilyName = name,
                    Type = ToWireType(value.Type),
                    Help = value.Help,
                    Unit = value.Unit,
                });
            }
        }

        private static Wire.TimeSeries ToTimeSeries(Labels labels, List<Sample> samples, int start, int take)
        {
            var series = new Wire.TimeSeries();
            foreach (var label in labels)
            {
                series.Labels.Add(new Wire.Label { Name = label.Name, Value = label.Value });
            }

            for (var i = start; i < start + take; i++)
            {
                series.Samples.Add(new Wire.Sample { Timestamp = samples[i].TimestampMs, Value = samples[i].Value });
            }

            return series;
        }

        private static Wire.MetricMetadata.Types.MetricType ToWireType(MetricType type) => type switch
        {
            MetricType.Counter => Wire.MetricMetadata.Types.MetricType.Counter,
            MetricType.Gauge => Wire.MetricMetadata.Types.MetricType.Gauge,
            MetricType.Histogram => Wire.MetricMetadata.Types.MetricType.Histogram,
            MetricType.GaugeHistogram => Wire.MetricMetadata.Types.MetricType.Gaugehistogram,
            MetricType.Summary => Wire.MetricMetadata.Types.MetricType.Summary,
            MetricType.Info => Wire.MetricMetadata.Types.MetricType.Info,
            MetricType.StateSet => Wire.MetricMetadata.Types.MetricType.Stateset,
            _ => Wire.MetricMetadata.Types.MetricType.Unknown,
        };
    }
}

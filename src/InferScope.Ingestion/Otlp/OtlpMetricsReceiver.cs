using System.IO.Compression;
using Google.Protobuf;
using InferScope.Ingestion.Otlp.Protocol.Collector;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model.Storage;
using Microsoft.Extensions.Logging;

namespace InferScope.Ingestion.Otlp;

/// <summary>
/// Receives OTLP metrics over HTTP (protobuf or JSON, optionally gzip-compressed) and, through
/// <see cref="OtlpMetricsGrpcService"/>, over gRPC. Independent of ASP.NET Core for HTTP: the server
/// passes the body and headers and writes the returned result. Thread-safe.
/// </summary>
/// <remarks>
/// The receiver returns 200 only after storage committed the request. Points that cannot be converted or
/// that storage rejects are reported in the response's partial success, as the OTLP specification requires. A body that
/// does not parse gets 400, and a failed commit gets 503 so the exporter retries.
/// </remarks>
public sealed class OtlpMetricsReceiver
{
    private const string HttpProtocol = "otlp_http";
    private const string GrpcProtocol = "otlp_grpc";
    private const string ProtobufType = "application/x-protobuf";
    private const string JsonType = "application/json";

    private static readonly JsonParser JsonBodyParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private readonly IAppendable storage;
    private readonly IngestionMetrics metrics;
    private readonly ILogger logger;
    private readonly PushReceiverOptions options;
    private readonly TimeProvider time;
    private readonly OtlpConverter converter = new();

    public OtlpMetricsReceiver(
        IAppendable storage,
        IngestionMetrics metrics,
        ILogger<OtlpMetricsReceiver> logger,
        PushReceiverOptions? options = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        this.storage = storage;
        this.metrics = metrics;
        this.logger = logger;
        this.options = options ?? new PushReceiverOptions();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Handles one OTLP/HTTP POST body. Invalid input gets an error result; it throws only when the
    /// body stream fails or the request is cancelled.
    /// </summary>
    public async Task<PushResult> HandleHttpAsync(Stream body, PushRequestHeaders headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(headers);
        var result = await HandleHttpCoreAsync(body, headers, cancellationToken).ConfigureAwait(false);
        metrics.RecordPush(HttpProtocol, result.StatusCode);
        if (!result.IsSuccess)
        {
            IngestionLog.PushRejected(logger, HttpProtocol, result.Message);
        }

        return result;
    }

    /// <summary>Converts and stores a request; used by both transports.</summary>
    internal async Task<ExportOutcome> ExportAsync(ExportMetricsServiceRequest request, string protocol, CancellationToken cancellationToken)
    {
        using var appender = storage.CreateAppender();
        var output = new OtlpConversion(appender, metrics);
        converter.Convert(request.ResourceMetrics, output, time.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            appender.Rollback();
            IngestionLog.PushCommitFailed(logger, e, protocol);
            metrics.AddRejected(IngestionSource.Otlp, RejectReason.CommitFailed, output.Stored);
            return new ExportOutcome(null, "storing the samples failed: " + e.Message);
        }

        metrics.AddIngested(IngestionSource.Otlp, output.Stored);
        var response = new ExportMetricsServiceResponse();
        if (output.RejectedPoints > 0)
        {
            response.PartialSuccess = new ExportMetricsPartialSuccess
            {
                RejectedDataPoints = output.RejectedPoints,
                ErrorMessage = output.FirstError ?? string.Empty,
            };
            IngestionLog.PushRejected(logger, protocol, $"{output.RejectedPoints} data points rejected; the first: {output.FirstError}");
        }

        return new ExportOutcome(response, null);
    }

    /// <summary>Records a gRPC request's outcome in the self-metrics, as the HTTP status it maps to.</summary>
    internal void RecordGrpc(int httpEquivalentStatus) => metrics.RecordPush(GrpcProtocol, httpEquivalentStatus);

    private async Task<PushResult> HandleHttpCoreAsync(Stream body, PushRequestHeaders headers, CancellationToken cancellationToken)
    {
        var mediaType = headers.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (ProtobufType or JsonType))
        {
            return new PushResult(415, $"Content-Type \"{headers.ContentType}\" is not supported; send {ProtobufType} or {JsonType}");
        }

        var encoding = headers.ContentEncoding?.Trim().ToLowerInvariant();
        if (encoding is not (null or "" or "identity" or "gzip"))
        {
            return new PushResult(415, $"Content-Encoding \"{headers.ContentEncoding}\" is not supported; send gzip or no encoding");
        }

        using var raw = await BodyReader.ReadAsync(body, options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (raw is null)
        {
            metrics.AddRejected(IngestionSource.Otlp, RejectReason.BodySizeLimit, 1);
            return new PushResult(413, $"request body is larger than the limit of {options.MaxBodyBytes} bytes; export smaller batches");
        }

        ExportMetricsServiceRequest request;
        try
        {
            request = await ParseAsync(raw, encoding == "gzip", mediaType == JsonType, cancellationToken).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException e)
        {
            metrics.AddRejected(IngestionSource.Otlp, RejectReason.BodySizeLimit, 1);
            return new PushResult(413, e.Message);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or InvalidDataException or FormatException)
        {
            metrics.AddRejected(IngestionSource.Otlp, RejectReason.InvalidRequest, 1);
            return new PushResult(400, $"invalid OTLP {(mediaType == JsonType ? "JSON" : "protobuf")} body: {e.Message}");
        }

        var outcome = await ExportAsync(request, HttpProtocol, cancellationToken).ConfigureAwait(false);
        if (outcome.Response is null)
        {
            // NOTE: OTLP/HTTP specifies a google.rpc.Status body on errors, but this and the 4xx results
            // carry plain text, which exporters log but do not parse.
            return new PushResult(503, outcome.Error!);
        }

        var responseBody = mediaType == JsonType
            ? System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(outcome.Response))
            : outcome.Response.ToByteArray();
        return new PushResult(200, outcome.Response.PartialSuccess?.ErrorMessage ?? "ok")
        {
            Body = responseBody,
            ContentType = mediaType,
        };
    }

    private async Task<ExportMetricsServiceRequest> ParseAsync(RentedBuffer raw, bool gzip, bool json, CancellationToken cancellationToken)
    {
        RentedBuffer? inflated = null;
        try
        {
            var bytes = raw.Memory;
            if (gzip)
            {
                using var stream = new GZipStream(new MemoryStream(raw.Memory.ToArray()), CompressionMode.Decompress);
                inflated = await BodyReader.ReadAsync(stream, options.MaxDecompressedBytes, cancellationToken).ConfigureAwait(false)
                    ?? throw new PayloadTooLargeException($"the body decompresses to more than the limit of {options.MaxDecompressedBytes} bytes; export smaller batches");
                bytes = inflated.Memory;
            }

            return json
                ? JsonBodyParser.Parse<ExportMetricsServiceRequest>(System.Text.Encoding.UTF8.GetString(bytes.Span))
                : ExportMetricsServiceRequest.Parser.ParseFrom(bytes.Span);
        }
        finally
        {
            inflated?.Dispose();
        }
    }
}

/// <summary>An export's response, or the error when storage failed.</summary>
internal sealed record ExportOutcome(ExportMetricsServiceResponse? Response, string? Error);

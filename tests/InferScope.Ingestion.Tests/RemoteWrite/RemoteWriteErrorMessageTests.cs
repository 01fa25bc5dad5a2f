using Google.Protobuf;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Support;
using InferScope.Model.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Snappier;
using Wire = InferScope.Ingestion.RemoteWrite.Protocol;

namespace InferScope.Ingestion.Tests.RemoteWrite;

/// <summary>Rejections name the problem and the fix in the product's words, never .NET exception text.</summary>
public sealed class RemoteWriteErrorMessageTests
{
    private static readonly PushRequestHeaders SnappyProtobuf = new("application/x-protobuf", "snappy", "0.1.0");

    private readonly MemoryStorage storage = new();
    private readonly IngestionMetrics metrics = new();

    public static TheoryData<byte[]> CorruptSnappyBodies => new()
    {
        // Declares 10 bytes, then copies 4 bytes from offset 5 before anything was written.
        new byte[] { 0x0a, 0x01, 0x05 },

        // Declares a length over 2 GiB.
        new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f, 1 },
    };

    [Theory]
    [MemberData(nameof(CorruptSnappyBodies))]
    public async Task CorruptSnappy_NamesFormat(byte[] body)
    {
        var result = await Receiver().HandleAsync(new MemoryStream(body), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("not valid snappy block-format data", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid copy offset", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Specified argument", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotProtobuf_NamesMessageType()
    {
        var result = await Receiver().HandleAsync(
            new MemoryStream(Snappy.CompressToArray([0xff, 0xff, 0xff])), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("not a remote-write 1.0 protobuf prometheus.WriteRequest", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecompressedOverLimit_Returns413()
    {
        var receiver = new RemoteWriteReceiver(
            storage, metrics, NullLogger<RemoteWriteReceiver>.Instance, new PushReceiverOptions { MaxDecompressedBytes = 100 });

        var result = await receiver.HandleAsync(new MemoryStream(Snappy.CompressToArray(new byte[1000])), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(413, result.StatusCode);
        Assert.Equal("the body decompresses to 1000 bytes, more than the limit of 100 bytes; send smaller batches", result.Message);
        Assert.Equal(1, metrics.RejectedSamples(IngestionSource.RemoteWrite, RejectReason.BodySizeLimit));
    }

    [Fact]
    public async Task DuplicateLabel_NamesLabel()
    {
        var request = new Wire.WriteRequest();
        request.Timeseries.Add(RemoteWriteReceiverTests.Series([("__name__", "a"), ("job", "x"), ("job", "y")], (1000, 1)));

        var result = await Receiver().HandleAsync(
            new MemoryStream(Snappy.CompressToArray(request.ToByteArray())), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(
            "timeseries[0]: label name \"job\" appears more than once in the series; send each label name once; nothing was stored",
            result.Message);
    }

    [Fact]
    public async Task RemoteWrite2_NamesVersion1Message()
    {
        var result = await Receiver().HandleAsync(
            new MemoryStream([1]),
            SnappyProtobuf with { ContentType = "application/x-protobuf;proto=io.prometheus.write.v2.Request" },
            CancellationToken.None);

        Assert.Equal(415, result.StatusCode);
        Assert.Contains("protobuf message prometheus.WriteRequest", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wire", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeRejections_StateWindow()
    {
        Assert.Contains("at most 1 h before its newest sample", RejectReason.Explain(AppendStatus.TooOld), StringComparison.Ordinal);
        Assert.Contains("at most 10 minutes ahead of the server's clock", RejectReason.Explain(AppendStatus.TooNew), StringComparison.Ordinal);
        Assert.Equal("out_of_order", RejectReason.Explain(AppendStatus.OutOfOrder));
    }

    private RemoteWriteReceiver Receiver() => new(storage, metrics, NullLogger<RemoteWriteReceiver>.Instance);
}

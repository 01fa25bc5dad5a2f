using Google.Protobuf;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Support;
using InferScope.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Snappier;
using Wire = InferScope.Ingestion.RemoteWrite.Protocol;

namespace InferScope.Ingestion.Tests.RemoteWrite;

public sealed class RemoteWriteReceiverTests
{
    private static readonly PushRequestHeaders SnappyProtobuf = new("application/x-protobuf", "snappy", "0.1.0");

    private readonly MemoryStorage storage = new();
    private readonly IngestionMetrics metrics = new();

    [Fact]
    public async Task Handle_ValidPush_StoresSamplesAndMetadata()
    {
        var request = new Wire.WriteRequest();
        request.Timeseries.Add(Series([("__name__", "requests_total"), ("job", "api")], (1000, 1), (2000, 3)));
        request.Metadata.Add(new Wire.MetricMetadata
        {
            MetricFamilyName = "requests",
            Type = Wire.MetricMetadata.Types.MetricType.Counter,
            Help = "Requests served.",
        });

        var result = await Receiver().HandleAsync(Body(request), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(204, result.StatusCode);
        var samples = storage.Samples(Labels.FromPairs("__name__", "requests_total", "job", "api"));
        Assert.Equal([new Sample(1000, 1), new Sample(2000, 3)], samples);
        Assert.Equal(MetricType.Counter, storage.Metadata["requests"].Type);
        Assert.Equal(2, metrics.IngestedSamples(IngestionSource.RemoteWrite));
    }

    [Fact]
    public async Task Handle_MissingSnappyEncoding_Returns400()
    {
        var result = await Receiver().HandleAsync(
            new MemoryStream([1, 2, 3]), SnappyProtobuf with { ContentEncoding = null }, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("Content-Encoding", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_RemoteWrite2_Returns415()
    {
        var result = await Receiver().HandleAsync(
            new MemoryStream([1]),
            SnappyProtobuf with { ContentType = "application/x-protobuf;proto=io.prometheus.write.v2.Request" },
            CancellationToken.None);

        Assert.Equal(415, result.StatusCode);
    }

    [Fact]
    public async Task Handle_CorruptSnappy_Returns400()
    {
        var result = await Receiver().HandleAsync(new MemoryStream([0xff, 0xff, 0xff, 0xff, 0x0f, 1]), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("invalid remote-write body", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_InvalidLabel_StoresNothingAndNamesSeries()
    {
        var request = new Wire.WriteRequest();
        request.Timeseries.Add(Series([("__name__", "ok")], (1000, 1)));
        request.Timeseries.Add(Series([("__name__", "bad"), ("not-valid", "x")], (1000, 1)));

        var result = await Receiver().HandleAsync(Body(request), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("timeseries[1]: label name \"not-valid\" is invalid; use letters, digits and '_'; nothing was stored", result.Message);
        Assert.Empty(storage.AllSeries());
        Assert.Equal(2, metrics.RejectedSamples(IngestionSource.RemoteWrite, RejectReason.InvalidLabels));
    }

    [Fact]
    public async Task Handle_MissingName_Returns400()
    {
        var request = new Wire.WriteRequest();
        request.Timeseries.Add(Series([("job", "x")], (1000, 1)));

        var result = await Receiver().HandleAsync(Body(request), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("has no __name__ label", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_OutOfOrder_StoresRestReturns400()
    {
        var request = new Wire.WriteRequest();
        request.Timeseries.Add(Series([("__name__", "a")], (2000, 1), (1000, 2)));
        request.Timeseries.Add(Series([("__name__", "b")], (1000, 5)));
        await Receiver().HandleAsync(Body(Single("a", 3000, 0)), SnappyProtobuf, CancellationToken.None);

        var result = await Receiver().HandleAsync(Body(request), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("2 samples were rejected and 1 stored", result.Message, StringComparison.Ordinal);
        Assert.Equal([new Sample(1000, 5)], storage.Samples(Labels.FromPairs("__name__", "b")));
        Assert.Equal(2, metrics.RejectedSamples(IngestionSource.RemoteWrite, RejectReason.OutOfOrder));
    }

    [Fact]
    public async Task Handle_BodyOverLimit_Returns413()
    {
        var receiver = new RemoteWriteReceiver(
            storage, metrics, NullLogger<RemoteWriteReceiver>.Instance, new PushReceiverOptions { MaxBodyBytes = 10 });

        var result = await receiver.HandleAsync(new MemoryStream(new byte[11]), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(413, result.StatusCode);
    }

    [Fact]
    public async Task Handle_CommitFails_Returns500()
    {
        storage.FailCommits = true;

        var result = await Receiver().HandleAsync(Body(Single("a", 1000, 1)), SnappyProtobuf, CancellationToken.None);

        Assert.Equal(500, result.StatusCode);
        Assert.Contains("disk full", result.Message, StringComparison.Ordinal);
    }

    internal static Wire.TimeSeries Series((string Name, string Value)[] labels, params (long Timestamp, double Value)[] samples)
    {
        var series = new Wire.TimeSeries();
        foreach (var (name, value) in labels)
        {
            series.Labels.Add(new Wire.Label { Name = name, Value = value });
        }

        foreach (var (timestamp, value) in samples)
        {
            series.Samples.Add(new Wire.Sample { Timestamp = timestamp, Value = value });
        }

        return series;
    }

    private static Wire.WriteRequest Single(string name, long timestamp, double value)
    {
        var request = new Wire.WriteRequest();
        request.Timeseries.Add(Series([("__name__", name)], (timestamp, value)));
        return request;
    }

    private static MemoryStream Body(Wire.WriteRequest request) => new(Snappy.CompressToArray(request.ToByteArray()));

    private RemoteWriteReceiver Receiver() => new(storage, metrics, NullLogger<RemoteWriteReceiver>.Instance);
}

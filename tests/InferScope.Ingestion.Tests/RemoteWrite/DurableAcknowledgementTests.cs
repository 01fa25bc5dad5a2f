using Google.Protobuf;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Model;
using InferScope.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Snappier;
using Wire = InferScope.Ingestion.RemoteWrite.Protocol;

namespace InferScope.Ingestion.Tests.RemoteWrite;

/// <summary>A push acknowledged by the receiver survives a restart of the embedded store.</summary>
public sealed class DurableAcknowledgementTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("inferscope-ack-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task AcknowledgedPush_SurvivesReopen()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var request = new Wire.WriteRequest();
        request.Timeseries.Add(RemoteWriteReceiverTests.Series([("__name__", "llm_requests_running"), ("az", "a")], (now - 1000, 4), (now, 5)));

        using (var tsdb = Tsdb.Open(directory))
        {
            var receiver = new RemoteWriteReceiver(tsdb, new IngestionMetrics(), NullLogger<RemoteWriteReceiver>.Instance);
            var result = await receiver.HandleAsync(
                new MemoryStream(Snappy.CompressToArray(request.ToByteArray())),
                new PushRequestHeaders("application/x-protobuf", "snappy", "0.1.0"),
                CancellationToken.None);
            Assert.Equal(204, result.StatusCode);
        }

        using var reopened = Tsdb.Open(directory);
        using var querier = reopened.CreateQuerier(now - 10_000, now + 10_000);
        var series = Assert.Single(querier.Select([Matcher.Equal(LabelNames.MetricName, "llm_requests_running")]));
        Assert.Equal("a", series.Labels.Get("az"));
        var iterator = series.CreateIterator();
        var values = new List<double>();
        while (iterator.MoveNext())
        {
            values.Add(iterator.Value);
        }

        Assert.Equal([4.0, 5.0], values);
    }
}

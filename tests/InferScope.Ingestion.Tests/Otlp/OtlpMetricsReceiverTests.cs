using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using InferScope.Ingestion.Otlp;
using InferScope.Ingestion.Otlp.Protocol.Collector;
using InferScope.Ingestion.Otlp.Protocol.Metrics;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Support;
using InferScope.Model;
using Microsoft.Extensions.Logging.Abstractions;
using static InferScope.Ingestion.Tests.Otlp.OtlpRequests;

namespace InferScope.Ingestion.Tests.Otlp;

public sealed class OtlpMetricsReceiverTests
{
    private static readonly PushRequestHeaders ProtobufHeaders = new("application/x-protobuf", null);

    private readonly MemoryStorage storage = new();
    private readonly IngestionMetrics metrics = new();
    private readonly OtlpMetricsReceiver receiver;

    public OtlpMetricsReceiverTests()
    {
        receiver = new OtlpMetricsReceiver(storage, metrics, NullLogger<OtlpMetricsReceiver>.Instance);
    }

    [Fact]
    public async Task Gauge_StoredWithUnitSuffixAndResourceLabels()
    {
        var result = await PushAsync(Request(Gauge("gpu.memory.used", "By", Number(1024, T1, KeyValue("gpu", "0")))));

        Assert.Equal(200, result.StatusCode);
        var series = Assert.Single(storage.Find("__name__", "gpu_memory_used_bytes"));
        Assert.Equal("chat-api", series.Labels.Get("job"));
        Assert.Equal("pod-1", series.Labels.Get("instance"));
        Assert.Equal("0", series.Labels.Get("gpu"));
        Assert.Equal(new Sample(1_700_000_000_000, 1024), Assert.Single(series.Samples));
        Assert.Equal(MetricType.Gauge, storage.Metadata["gpu_memory_used_bytes"].Type);
    }

    [Fact]
    public async Task GaugeRatioUnit_GetsRatioSuffix()
    {
        await PushAsync(Request(Gauge("kv_cache.usage", "1", Number(0.5))));

        Assert.Single(storage.Find("__name__", "kv_cache_usage_ratio"));
    }

    [Fact]
    public async Task MonotonicCumulativeSum_BecomesTotalCounter()
    {
        await PushAsync(Request(Sum("requests", "{request}", true, AggregationTemporality.Cumulative, Number(7))));

        Assert.Equal(7, Assert.Single(storage.Find("__name__", "requests_total")).Samples[0].Value);
        Assert.Equal(MetricType.Counter, storage.Metadata["requests"].Type);
    }

    [Fact]
    public async Task DeltaSum_AccumulatedAcrossPushes()
    {
        await PushAsync(Request(Sum("tokens", "", true, AggregationTemporality.Delta, Number(5, T1))));
        await PushAsync(Request(Sum("tokens", "", true, AggregationTemporality.Delta, Number(3, T2))));

        var samples = Assert.Single(storage.Find("__name__", "tokens_total")).Samples;
        Assert.Equal([5.0, 8.0], samples.Select(s => s.Value));
    }

    [Fact]
    public async Task NonMonotonicSum_BecomesGauge()
    {
        await PushAsync(Request(Sum("queue.depth", "", false, AggregationTemporality.Cumulative, Number(4))));

        Assert.Single(storage.Find("__name__", "queue_depth"));
        Assert.Empty(storage.Find("__name__", "queue_depth_total"));
    }

    [Fact]
    public async Task Histogram_BecomesCumulativeBuckets()
    {
        await PushAsync(Request(Histogram("latency", "s", AggregationTemporality.Cumulative, [0.1, 1], [2, 3, 1], 4.5)));

        Assert.Equal(2, Bucket("latency_seconds_bucket", "0.1"));
        Assert.Equal(5, Bucket("latency_seconds_bucket", "1"));
        Assert.Equal(6, Bucket("latency_seconds_bucket", "+Inf"));
        Assert.Equal(4.5, Assert.Single(storage.Find("__name__", "latency_seconds_sum")).Samples[0].Value);
        Assert.Equal(6, Assert.Single(storage.Find("__name__", "latency_seconds_count")).Samples[0].Value);
    }

    [Fact]
    public async Task DeltaHistogram_AccumulatedAcrossPushes()
    {
        await PushAsync(Request(Histogram("latency", "s", AggregationTemporality.Delta, [1], [1, 0], 0.5, T1)));
        await PushAsync(Request(Histogram("latency", "s", AggregationTemporality.Delta, [1], [1, 2], 7.5, T2)));

        Assert.Equal(2, Bucket("latency_seconds_bucket", "1"));
        Assert.Equal(4, Bucket("latency_seconds_bucket", "+Inf"));
        Assert.Equal(8, storage.Find("__name__", "latency_seconds_sum")[0].Samples[^1].Value);
    }

    [Fact]
    public async Task ExponentialHistogram_ConvertedToClassicBuckets()
    {
        var point = new ExponentialHistogramDataPoint
        {
            TimeUnixNano = T1,
            Scale = 0,
            ZeroCount = 1,
            Count = 7,
            Sum = 3,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 0 },
            Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 1 },
        };
        point.Positive.BucketCounts.AddRange([1UL, 2UL]);
        point.Negative.BucketCounts.Add(3UL);
        var metric = new Metric
        {
            Name = "ttft",
            Unit = "s",
            ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Cumulative },
        };
        metric.ExponentialHistogram.DataPoints.Add(point);

        await PushAsync(Request(metric));

        // Scale 0 has base 2: negative bucket 1 is [-4, -2), positive buckets 0 and 1 are (1, 2] and (2, 4].
        Assert.Equal(3, Bucket("ttft_seconds_bucket", "-2"));
        Assert.Equal(4, Bucket("ttft_seconds_bucket", "0"));
        Assert.Equal(5, Bucket("ttft_seconds_bucket", "2"));
        Assert.Equal(7, Bucket("ttft_seconds_bucket", "4"));
        Assert.Equal(7, Bucket("ttft_seconds_bucket", "+Inf"));
        Assert.Equal(5, storage.Find("__name__", "ttft_seconds_bucket").Count);
        Assert.Equal(7, Assert.Single(storage.Find("__name__", "ttft_seconds_count")).Samples[0].Value);
    }

    [Fact]
    public async Task Summary_BecomesQuantileSeries()
    {
        var point = new SummaryDataPoint { TimeUnixNano = T1, Count = 10, Sum = 20 };
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 4 });
        var metric = new Metric { Name = "e2e", Unit = "s", Summary = new Summary() };
        metric.Summary.DataPoints.Add(point);

        await PushAsync(Request(metric));

        Assert.Equal(4, Assert.Single(storage.Find("__name__", "e2e_seconds", "quantile", "0.99")).Samples[0].Value);
        Assert.Equal(20, Assert.Single(storage.Find("__name__", "e2e_seconds_sum")).Samples[0].Value);
        Assert.Equal(10, Assert.Single(storage.Find("__name__", "e2e_seconds_count")).Samples[0].Value);
    }

    [Fact]
    public async Task ResourceAttributes_MapToSchemaLabels()
    {
        InferScope.Ingestion.Otlp.Protocol.Common.KeyValue[] resource =
        [
            KeyValue("service.name", "chat"), KeyValue("service.namespace", "prod"), KeyValue("host.id", "i-123"),
            KeyValue("cloud.availability_zone", "us-east-1b"), KeyValue("cloud.region", "us-east-1"),
            KeyValue("host.type", "ml.g6.4xlarge"), KeyValue("gpu_type", "L4"), KeyValue("os.type", "linux"),
        ];

        await PushAsync(RequestWithResource(resource, Gauge("up.time", "", Number(1))));

        var labels = Assert.Single(storage.Find("__name__", "up_time")).Labels;
        Assert.Equal("prod/chat", labels.Get("job"));
        Assert.Equal("i-123", labels.Get("instance"));
        Assert.Equal("us-east-1b", labels.Get("az"));
        Assert.Equal("us-east-1", labels.Get("region"));
        Assert.Equal("ml.g6.4xlarge", labels.Get("instance_type"));
        Assert.Equal("L4", labels.Get("gpu_type"));
        Assert.Null(labels.Get("os_type"));
        var info = Assert.Single(storage.Find("__name__", "target_info")).Labels;
        Assert.Equal("linux", info.Get("os_type"));
        Assert.Equal("prod/chat", info.Get("job"));
    }

    [Fact]
    public async Task NoRecordedValueFlag_WritesStaleMarker()
    {
        var point = Number(0);
        point.Flags = 1;

        await PushAsync(Request(Gauge("g", "", point)));

        Assert.True(StaleMarker.IsStale(Assert.Single(storage.Find("__name__", "g")).Samples[0].Value));
    }

    [Fact]
    public async Task BadHistogram_ReportedAsPartialSuccess()
    {
        var request = Request(
            Histogram("bad", "", AggregationTemporality.Cumulative, [1, 2], [1], 1),
            Gauge("good", "", Number(1)));

        var result = await PushAsync(request);

        Assert.Equal(200, result.StatusCode);
        var response = ExportMetricsServiceResponse.Parser.ParseFrom(result.Body.Span);
        Assert.Equal(1, response.PartialSuccess.RejectedDataPoints);
        Assert.Contains("histogram \"bad\" has 1 bucket counts for 2 bounds", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Single(storage.Find("__name__", "good"));
    }

    [Fact]
    public async Task JsonBody_Stored()
    {
        var json = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
              "scopeMetrics":[{"metrics":[{"name":"queue","gauge":{"dataPoints":[{"asInt":"12","timeUnixNano":"1700000000000000000"}]}}]}]}]}
            """;

        var result = await receiver.HandleHttpAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(json)), new PushRequestHeaders("application/json", null), CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("application/json", result.ContentType);
        var series = Assert.Single(storage.Find("__name__", "queue"));
        Assert.Equal("svc", series.Labels.Get("job"));
        Assert.Equal(12, series.Samples[0].Value);
    }

    [Fact]
    public async Task GzipBody_Stored()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionMode.Compress, leaveOpen: true))
        {
            Request(Gauge("g", "", Number(2))).WriteTo(gzip);
        }

        compressed.Position = 0;
        var result = await receiver.HandleHttpAsync(compressed, ProtobufHeaders with { ContentEncoding = "gzip" }, CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Single(storage.Find("__name__", "g"));
    }

    [Fact]
    public async Task UnsupportedContentType_Returns415()
    {
        var result = await receiver.HandleHttpAsync(new MemoryStream([1]), new PushRequestHeaders("text/plain", null), CancellationToken.None);

        Assert.Equal(415, result.StatusCode);
        Assert.Contains("application/x-protobuf", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptProtobuf_Returns400()
    {
        var result = await receiver.HandleHttpAsync(new MemoryStream([0x0a, 0xff, 0xff]), ProtobufHeaders, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.StartsWith("invalid OTLP protobuf body", result.Message, StringComparison.Ordinal);
        Assert.Empty(storage.AllSeries());
    }

    [Fact]
    public async Task CommitFails_Returns503()
    {
        storage.FailCommits = true;

        var result = await PushAsync(Request(Gauge("g", "", Number(1))));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(0, metrics.IngestedSamples(IngestionSource.Otlp));
    }

    private Task<PushResult> PushAsync(ExportMetricsServiceRequest request) =>
        receiver.HandleHttpAsync(new MemoryStream(request.ToByteArray()), ProtobufHeaders, CancellationToken.None);

    private double Bucket(string name, string le) =>
        Assert.Single(storage.Find("__name__", name, "le", le)).Samples[^1].Value;
}

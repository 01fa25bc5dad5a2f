using System.Diagnostics.Metrics;
using InferScope.Ingestion.Otlp;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Support;
using InferScope.Model.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace InferScope.Ingestion.Tests.Otlp;

/// <summary>The OpenTelemetry .NET SDK's OTLP exporter pushes to our receiver over HTTP and gRPC.</summary>
public sealed class OpenTelemetrySdkTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf, MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, MetricReaderTemporalityPreference.Delta)]
    [InlineData(OtlpExportProtocol.Grpc, MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(OtlpExportProtocol.Grpc, MetricReaderTemporalityPreference.Delta)]
    public async Task Exporter_PushesCountersAndHistograms(OtlpExportProtocol protocol, MetricReaderTemporalityPreference temporality)
    {
        var storage = new MemoryStorage();
        var metrics = new IngestionMetrics();
        var grpc = protocol == OtlpExportProtocol.Grpc;
        await using var server = await TestHttpServer.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<IAppendable>(storage);
                builder.Services.AddSingleton(metrics);
                builder.Services.AddSingleton<ILogger<OtlpMetricsReceiver>>(NullLogger<OtlpMetricsReceiver>.Instance);
                builder.Services.AddSingleton<OtlpMetricsReceiver>();
                builder.Services.AddGrpc();
            },
            app =>
            {
                app.MapOtlpHttpMetrics();
                app.MapOtlpGrpcMetrics();
            },
            grpc ? HttpProtocols.Http2 : HttpProtocols.Http1);
        var meterName = "inferscope.test." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var requests = meter.CreateCounter<long>("llm.requests", "{request}");
        var latency = meter.CreateHistogram<double>("llm.latency", "s");
        var ttft = meter.CreateHistogram<double>("llm.ttft", "s");

        using (var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r
                .AddService("chat-api", serviceInstanceId: "pod-1")
                .AddAttributes(new Dictionary<string, object>
                {
                    ["cloud.availability_zone"] = "us-east-1a",
                    ["host.type"] = "ml.g6.4xlarge",
                }))
            .AddMeter(meterName)
            .AddView("llm.latency", new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 1] })
            .AddView("llm.ttft", new Base2ExponentialBucketHistogramConfiguration())
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = protocol;
                exporter.Endpoint = new Uri(grpc ? $"http://{server.Address}" : $"http://{server.Address}/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
                reader.TemporalityPreference = temporality;
            })
            .Build())
        {
            requests.Add(3, new KeyValuePair<string, object?>("model", "llama"));
            latency.Record(0.05);
            latency.Record(0.5);
            latency.Record(5);
            ttft.Record(0.25);
            ttft.Record(0.5);
            Assert.True(provider.ForceFlush(10_000), "first export failed");

            requests.Add(2, new KeyValuePair<string, object?>("model", "llama"));
            latency.Record(0.5);
            Assert.True(provider.ForceFlush(10_000), "second export failed");
        }

        var counter = Assert.Single(storage.Find("__name__", "llm_requests_total"));
        Assert.Equal("chat-api", counter.Labels.Get("job"));
        Assert.Equal("pod-1", counter.Labels.Get("instance"));
        Assert.Equal("us-east-1a", counter.Labels.Get("az"));
        Assert.Equal("ml.g6.4xlarge", counter.Labels.Get("instance_type"));
        Assert.Equal("llama", counter.Labels.Get("model"));

        // Disposing the provider exports once more, which repeats the cumulative values but sends no
        // delta points, so only the first two samples are compared.
        Assert.Equal([3.0, 5.0], counter.Samples.Take(2).Select(s => s.Value));

        Assert.Equal([1.0, 1.0], Bucket(storage, "llm_latency_seconds_bucket", "0.1"));
        Assert.Equal([2.0, 3.0], Bucket(storage, "llm_latency_seconds_bucket", "1"));
        Assert.Equal([3.0, 4.0], Bucket(storage, "llm_latency_seconds_bucket", "+Inf"));
        Assert.Equal(6.05, Assert.Single(storage.Find("__name__", "llm_latency_seconds_sum")).Samples[^1].Value, 9);

        // The SDK picks the scale; 0.25 and 0.5 are exact powers of two, so they fall in the buckets
        // whose upper bounds are 0.25 and 0.5 at any scale.
        Assert.Equal(1, Bucket(storage, "llm_ttft_seconds_bucket", "0.25")[^1]);
        Assert.Equal(2, Bucket(storage, "llm_ttft_seconds_bucket", "0.5")[^1]);
        Assert.Equal(2, Bucket(storage, "llm_ttft_seconds_bucket", "+Inf")[^1]);
        Assert.True(metrics.IngestedSamples(IngestionSource.Otlp) > 0);
    }

    private static List<double> Bucket(MemoryStorage storage, string name, string le) =>
        [.. Assert.Single(storage.Find("__name__", name, "le", le)).Samples.Take(2).Select(s => s.Value)];
}

using System.Diagnostics.Metrics;
using InferScope.Server.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace InferScope.Server.Tests;

/// <summary>
/// The OpenTelemetry .NET SDK's OTLP exporter pushes to a running serve, over gRPC on the h2c
/// listener and over HTTP/protobuf on the main port, and the values come back through the query API.
/// </summary>
public sealed class OtlpServeTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, "svc-grpc")]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "svc-http")]
    public async Task Exporter_PushedValuesAreQueryable(OtlpExportProtocol protocol, string service)
    {
        var grpcPort = ChildProcess.FreePort();
        await using var serve = await ServeInstance.StartAsync($"""
            web:
              otlp_grpc_listen_address: 127.0.0.1:{grpcPort}
            """);
        var meterName = "inferscope.serve.test." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var requests = meter.CreateCounter<long>("llm.requests", "{request}");
        var latency = meter.CreateHistogram<double>("llm.latency", "s");

        using (var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r
                .AddService(service, serviceInstanceId: "pod-7")
                .AddAttributes(new Dictionary<string, object> { ["cloud.availability_zone"] = "us-east-1b" }))
            .AddMeter(meterName)
            .AddView("llm.latency", new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 1] })
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = protocol;
                exporter.Endpoint = protocol == OtlpExportProtocol.Grpc
                    ? new Uri($"http://127.0.0.1:{grpcPort}")
                    : new Uri(serve.BaseAddress, "/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            requests.Add(3, new KeyValuePair<string, object?>("model", "llama"));
            latency.Record(0.05);
            latency.Record(0.5);
            latency.Record(5);
            Assert.True(provider.ForceFlush(10_000), "first export failed");

            requests.Add(4, new KeyValuePair<string, object?>("model", "llama"));
            latency.Record(0.5);
            Assert.True(provider.ForceFlush(10_000), "second export failed");
        }

        var counter = Assert.Single((await serve.QueryAsync($"llm_requests_total{{job=\"{service}\"}}")).EnumerateArray());
        var belowOne = Assert.Single((await serve.QueryAsync($"llm_latency_seconds_bucket{{job=\"{service}\",le=\"1\"}}")).EnumerateArray());
        var count = Assert.Single((await serve.QueryAsync($"llm_latency_seconds_count{{job=\"{service}\"}}")).EnumerateArray());
        var sum = Assert.Single((await serve.QueryAsync($"llm_latency_seconds_sum{{job=\"{service}\"}}")).EnumerateArray());

        Assert.Equal(7, ServeInstance.ValueOf(counter));
        Assert.Equal("pod-7", ServeInstance.LabelOf(counter, "instance"));
        Assert.Equal("us-east-1b", ServeInstance.LabelOf(counter, "az"));
        Assert.Equal("llama", ServeInstance.LabelOf(counter, "model"));
        Assert.Equal(3, ServeInstance.ValueOf(belowOne));
        Assert.Equal(4, ServeInstance.ValueOf(count));
        Assert.Equal(6.05, ServeInstance.ValueOf(sum), 9);
    }
}

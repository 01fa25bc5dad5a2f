using InferScope.Ingestion.Push;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Scraping;
using InferScope.Ingestion.Tests.Support;
using InferScope.Model;
using InferScope.Model.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Ingestion.Tests.RemoteWrite;

/// <summary>A real Prometheus 2.42 scrapes a loopback target and remote-writes to our receiver.</summary>
public sealed class PrometheusRemoteWriteTests
{
    private const string PrometheusPath = "/usr/bin/prometheus";

    [Fact]
    public async Task Prometheus_RemoteWrite_ArrivesInStorage()
    {
        Assert.True(ExternalProcess.Exists(PrometheusPath), $"{PrometheusPath} is missing; install the Debian package prometheus");
        var storage = new MemoryStorage();
        var metrics = new IngestionMetrics();
        await using var server = await TestHttpServer.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<IAppendable>(storage);
                builder.Services.AddSingleton(metrics);
                builder.Services.AddSingleton<ILogger<RemoteWriteReceiver>>(NullLogger<RemoteWriteReceiver>.Instance);
                builder.Services.AddSingleton<RemoteWriteReceiver>();
            },
            app => app.MapRemoteWrite());
        server.Set("/metrics", """
            # HELP app_requests_total Requests served.
            # TYPE app_requests_total counter
            app_requests_total{code="200"} 42
            """);

        var directory = ExternalProcess.CreateDirectory("inferscope-prometheus-");
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: app
                static_configs:
                  - targets: ['{server.Address}']
            remote_write:
              - url: http://{server.Address}/api/v1/write
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                metadata_config:
                  send_interval: 1s
            """);
        using var prometheus = ExternalProcess.Start(
            PrometheusPath,
            directory,
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + ExternalProcess.FreePort());

        try
        {
            await ScrapeManagerApplyTests.WaitForAsync(
                () => storage.Find("__name__", "app_requests_total", "job", "app").Count == 1
                    && storage.Metadata.ContainsKey("app_requests_total"),
                seconds: 90);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException("no remote write arrived; Prometheus output:\n" + prometheus.Output, e);
        }

        var series = Assert.Single(storage.Find("__name__", "app_requests_total", "job", "app"));
        Assert.Equal(server.Address, series.Labels.Get("instance"));
        Assert.Equal("200", series.Labels.Get("code"));
        Assert.Equal(42, series.Samples[0].Value);
        Assert.Equal(MetricType.Counter, storage.Metadata["app_requests_total"].Type);
        Assert.Equal(1, Assert.Single(storage.Find("__name__", "up", "job", "app")).Samples[0].Value);
        Assert.True(metrics.IngestedSamples(IngestionSource.RemoteWrite) > 0);
    }
}

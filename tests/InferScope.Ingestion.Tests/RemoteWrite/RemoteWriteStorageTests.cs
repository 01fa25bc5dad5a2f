using System.Text.Json;
using InferScope.Ingestion.Push;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Ingestion.SelfMetrics;
using InferScope.Ingestion.Tests.Scraping;
using InferScope.Ingestion.Tests.Support;
using InferScope.Model;
using InferScope.Model.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Ingestion.Tests.RemoteWrite;

public sealed class RemoteWriteStorageTests
{
    private const string VictoriaMetricsPath = "/usr/bin/victoria-metrics";

    [Fact]
    public async Task Commit_ToOwnReceiver_SplitsAndArrives()
    {
        var storage = new MemoryStorage();
        await using var server = await StartReceiverAsync(storage);
        using var client = new HttpClient();
        var sender = Sender(client, new Uri($"http://{server.Address}/api/v1/write"), maxSamplesPerSend: 3);

        using (var appender = sender.CreateAppender())
        {
            appender.UpdateMetadata("tokens", new MetricMetadata(MetricType.Counter, "Tokens.", string.Empty));
            for (var i = 0; i < 5; i++)
            {
                appender.Append(Labels.FromPairs("__name__", "tokens_total", "az", "a"), 1000 + i, i);
            }

            appender.Append(Labels.FromPairs("__name__", "tokens_total", "az", "b"), 1000, 9);
            await appender.CommitAsync();
        }

        Assert.Equal(5, storage.Samples(Labels.FromPairs("__name__", "tokens_total", "az", "a")).Count);
        Assert.Equal([new Sample(1000, 9)], storage.Samples(Labels.FromPairs("__name__", "tokens_total", "az", "b")));
        Assert.Equal(MetricType.Counter, storage.Metadata["tokens"].Type);
        Assert.Equal(2, storage.Commits);
    }

    [Fact]
    public async Task Commit_ReceiverRejects_ThrowsWithoutRetry()
    {
        var calls = 0;
        await using var server = await TestHttpServer.StartAsync(configure: app => app.MapPost("/write", (HttpContext c) =>
        {
            calls++;
            return Results.BadRequest("out of order");
        }));
        using var client = new HttpClient();
        var sender = Sender(client, new Uri($"http://{server.Address}/write"));
        using var appender = sender.CreateAppender();
        appender.Append(Labels.FromPairs("__name__", "a"), 1, 1);

        var error = await Assert.ThrowsAsync<RemoteWriteException>(async () => await appender.CommitAsync());

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Commit_ServerErrors_RetriesThenSucceeds()
    {
        var calls = 0;
        await using var server = await TestHttpServer.StartAsync(configure: app => app.MapPost("/write", (HttpContext c) =>
            ++calls < 3 ? Results.StatusCode(503) : Results.NoContent()));
        using var client = new HttpClient();
        var sender = Sender(client, new Uri($"http://{server.Address}/write"));
        using var appender = sender.CreateAppender();
        appender.Append(Labels.FromPairs("__name__", "a"), 1, 1);

        await appender.CommitAsync();

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Commit_ToVictoriaMetrics_QueryableThere()
    {
        Assert.True(ExternalProcess.Exists(VictoriaMetricsPath), $"{VictoriaMetricsPath} is missing; install the Debian package victoria-metrics");
        var port = ExternalProcess.FreePort();
        var directory = ExternalProcess.CreateDirectory("inferscope-vm-");
        using var victoria = ExternalProcess.Start(
            VictoriaMetricsPath,
            directory,
            "-httpListenAddr=127.0.0.1:" + port,
            "-storageDataPath=" + Path.Combine(directory, "data"),
            "-retentionPeriod=100y",
            "-loggerLevel=ERROR");
        using var client = new HttpClient();
        var baseUrl = $"http://127.0.0.1:{port}";
        await WaitUntilUpAsync(client, baseUrl, victoria);
        var sender = Sender(client, new Uri(baseUrl + "/api/v1/write"));

        // VictoriaMetrics hides the last 30 seconds from reads by default (-search.latencyOffset).
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 120_000;

        using (var appender = sender.CreateAppender())
        {
            for (var i = 0; i < 3; i++)
            {
                appender.Append(Labels.FromPairs("__name__", "llm_requests_running", "az", "us-east-1a", "engine", "vllm"), start + (i * 1000), i + 0.5);
            }

            await appender.CommitAsync();
        }

        await client.GetAsync(baseUrl + "/internal/force_flush");
        var export = await client.GetStringAsync(baseUrl + "/api/v1/export?match[]=llm_requests_running");
        using var document = JsonDocument.Parse(export.Trim());
        var metric = document.RootElement.GetProperty("metric");
        Assert.Equal("us-east-1a", metric.GetProperty("az").GetString());
        Assert.Equal("vllm", metric.GetProperty("engine").GetString());
        Assert.Equal([0.5, 1.5, 2.5], document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(start, document.RootElement.GetProperty("timestamps")[0].GetInt64());
    }

    private static RemoteWriteStorage Sender(HttpClient client, Uri url, int maxSamplesPerSend = 2000) => new(
        client,
        new RemoteWriteSenderOptions { Url = url, MaxSamplesPerSend = maxSamplesPerSend, MinBackoff = TimeSpan.FromMilliseconds(10) },
        NullLogger<RemoteWriteStorage>.Instance);

    private static Task<TestHttpServer> StartReceiverAsync(MemoryStorage storage) => TestHttpServer.StartAsync(
        builder =>
        {
            builder.Services.AddSingleton<IAppendable>(storage);
            builder.Services.AddSingleton(new IngestionMetrics());
            builder.Services.AddSingleton<ILogger<RemoteWriteReceiver>>(NullLogger<RemoteWriteReceiver>.Instance);
            builder.Services.AddSingleton<RemoteWriteReceiver>();
        },
        app => app.MapRemoteWrite());

    private static async Task WaitUntilUpAsync(HttpClient client, string baseUrl, ExternalProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(baseUrl + "/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("VictoriaMetrics did not start; output:\n" + process.Output);
            }

            await Task.Delay(100);
        }
    }
}

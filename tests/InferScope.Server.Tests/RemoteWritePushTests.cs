using System.Net;
using System.Net.Http.Headers;
using InferScope.Server.Replay;
using InferScope.Server.Tests.Support;
using InferScope.TestSupport;

namespace InferScope.Server.Tests;

/// <summary>
/// A real Prometheus 2.42 (Debian) scrapes a replayed vLLM payload and remote-writes it to a running
/// serve, whose query API then returns the values. Bad pushes are rejected and lose nothing stored.
/// </summary>
public sealed class RemoteWritePushTests
{
    [Fact]
    public async Task Prometheus_RemoteWritesToServe()
    {
        await using var replay = ReplayServer.Build(SharedData.PathOf("fixtures", "engines"), "127.0.0.1:0", logging => { });
        await replay.StartAsync();
        var replayAddress = new Uri(replay.Urls.First());
        await using var serve = await ServeInstance.StartAsync(string.Empty);
        var folder = Directory.CreateTempSubdirectory("inferscope-prometheus-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: vllm-replay
                metrics_path: /vllm-v1-0.28-excerpt/metrics
                static_configs:
                  - targets: ['127.0.0.1:{replayAddress.Port}']
            remote_write:
              - url: {serve.BaseAddress}api/v1/write
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                  max_backoff: 1s
            """);
        var prometheus = ChildProcess.Start(
            "/usr/bin/prometheus",
            $"--config.file={Path.Combine(folder, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{ChildProcess.FreePort()}",
            "--log.level=warn");
        try
        {
            var queries = await serve.WaitForSeriesAsync("vllm:prefix_cache_queries_total{job=\"vllm-replay\"}");
            var up = await serve.WaitForSeriesAsync("up{job=\"vllm-replay\"}");

            Assert.Equal(64_929_219, ServeInstance.ValueOf(queries));
            Assert.Equal($"127.0.0.1:{replayAddress.Port}", ServeInstance.LabelOf(queries, "instance"));
            Assert.Equal("qwen3.8-27b-local", ServeInstance.LabelOf(queries, "model_name"));
            Assert.Equal(1, ServeInstance.ValueOf(up));

            // Bad pushes get a status and a message that name the problem.
            using var corrupt = Push([0xff, 0x00, 0x13, 0x37], "application/x-protobuf", "snappy");
            using var corruptResponse = await serve.Client.SendAsync(corrupt);
            var corruptMessage = await corruptResponse.Content.ReadAsStringAsync();
            using var text = Push("up 1\n"u8.ToArray(), "text/plain", null);
            using var textResponse = await serve.Client.SendAsync(text);
            var textMessage = await textResponse.Content.ReadAsStringAsync();
            using var unencoded = Push([0x0a, 0x00], "application/x-protobuf", null);
            using var unencodedResponse = await serve.Client.SendAsync(unencoded);
            var unencodedMessage = await unencodedResponse.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.BadRequest, corruptResponse.StatusCode);
            Assert.Contains("snappy", corruptMessage, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, textResponse.StatusCode);
            Assert.Contains("text/plain", textMessage, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, unencodedResponse.StatusCode);
            Assert.Contains("Content-Encoding", unencodedMessage, StringComparison.Ordinal);

            // What Prometheus pushed before is still there.
            var after = Assert.Single((await serve.QueryAsync("vllm:prefix_cache_queries_total{job=\"vllm-replay\"}")).EnumerateArray());
            Assert.Equal(64_929_219, ServeInstance.ValueOf(after));
        }
        finally
        {
            prometheus.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HttpRequestMessage Push(byte[] body, string contentType, string? contentEncoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write") { Content = content };
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return request;
    }
}

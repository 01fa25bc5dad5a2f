using System.Globalization;
using System.Text.Json;
using InferScope.Server.Replay;
using InferScope.Server.Tests.Support;
using InferScope.TestSupport;

namespace InferScope.Server.Tests;

/// <summary>
/// serve in <c>storage.mode: remote</c> writes what it scrapes to a real VictoriaMetrics 1.79
/// (Debian) by remote write and serves queries from VictoriaMetrics' Prometheus API.
/// </summary>
public sealed class RemoteStorageTests
{
    [Fact]
    public async Task RemoteMode_ScrapesIntoVictoriaMetrics()
    {
        await using var replay = ReplayServer.Build(SharedData.PathOf("fixtures", "engines"), "127.0.0.1:0", logging => { });
        await replay.StartAsync();
        var replayPort = new Uri(replay.Urls.First()).Port;
        var folder = Directory.CreateTempSubdirectory("inferscope-remote-").FullName;
        var vmPort = ChildProcess.FreePort();

        // Queries see samples at once: no latency offset and no response cache.
        using var victoria = ChildProcess.Start(
            "/usr/bin/victoria-metrics",
            $"-httpListenAddr=127.0.0.1:{vmPort}",
            $"-storageDataPath={Path.Combine(folder, "victoria")}",
            "-search.latencyOffset=0s",
            "-search.disableCache",
            "-loggerLevel=ERROR");
        using var vmClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{vmPort}"), Timeout = TimeSpan.FromSeconds(5) };
        await WaitForHealthAsync(vmClient, victoria);

        await using var serve = await ServeInstance.StartAsync(
            $"""
            storage:
              mode: remote
              remote_write_url: http://127.0.0.1:{vmPort}/api/v1/write
              remote_read_url: http://127.0.0.1:{vmPort}/
            endpoints:
              - name: chat
                engine: vllm
                model: qwen3.8-27b-local
                gpu_type: L4
                metrics_publish_frequency_seconds: 1
                metrics_path: /vllm-v1-0.28-excerpt/metrics
                instances:
                  - target: 127.0.0.1:{replayPort}
                    az: us-east-1a
            """,
            folder: folder);

        var raw = await serve.WaitForSeriesAsync("vllm:prefix_cache_queries_total{endpoint=\"chat\"}");
        var unified = await serve.WaitForSeriesAsync("llm_prefix_cache_queries_total{endpoint=\"chat\"}");
        var up = await serve.WaitForSeriesAsync("up{endpoint=\"chat\"}");

        Assert.Equal(64_929_219, ServeInstance.ValueOf(raw));
        Assert.Equal("us-east-1a", ServeInstance.LabelOf(raw, "az"));
        Assert.Equal(64_929_219, ServeInstance.ValueOf(unified));
        Assert.Equal("L4", ServeInstance.LabelOf(unified, "gpu_type"));
        Assert.Equal(1, ServeInstance.ValueOf(up));

        // A direct query to VictoriaMetrics returns the same series.
        using var direct = JsonDocument.Parse(await vmClient.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString("llm_prefix_cache_queries_total{endpoint=\"chat\"}")));
        var directSample = Assert.Single(direct.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal(64_929_219, ServeInstance.ValueOf(directSample));

        // Series, label values and federation read through the remote API too.
        using var series = JsonDocument.Parse(await serve.Client.GetStringAsync("/api/v1/series?match[]=" + Uri.EscapeDataString("vllm:prefix_cache_hits_total")));
        using var endpoints = JsonDocument.Parse(await serve.Client.GetStringAsync("/api/v1/label/endpoint/values"));
        var federated = await serve.Client.GetStringAsync("/federate?match[]=" + Uri.EscapeDataString("vllm:prefix_cache_hits_total"));
        var seriesItem = Assert.Single(series.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("chat", seriesItem.GetProperty("endpoint").GetString());
        Assert.Contains("chat", endpoints.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        var federatedLine = Assert.Single(federated.Split('\n'), l => l.StartsWith("vllm:prefix_cache_hits_total{", StringComparison.Ordinal));
        Assert.Equal(4.40416e+07, double.Parse(federatedLine.Split(' ')[1], CultureInfo.InvariantCulture));
    }

    private static async Task WaitForHealthAsync(HttpClient client, ChildProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"VictoriaMetrics not healthy within 30 s. Output: {process.Output}");
    }
}

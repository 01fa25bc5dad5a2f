using System.Text.Json;
using InferScope.Server.Hosting;
using InferScope.Server.Replay;
using InferScope.Server.Tests.Support;
using InferScope.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace InferScope.Server.Tests;

/// <summary>
/// serve scrapes a replayed vLLM payload and a real node exporter, stores the samples in the
/// embedded TSDB and returns raw and unified metrics through its Prometheus API.
/// </summary>
public sealed class ServeEndToEndTests : IAsyncLifetime
{
    private readonly CancellationTokenSource stop = new();
    private WebApplication replay = null!;
    private ChildProcess nodeExporter = null!;
    private string folder = null!;
    private Task serving = null!;
    private HttpClient client = null!;
    private StringWriter output = null!;

    public async Task InitializeAsync()
    {
        folder = Directory.CreateTempSubdirectory("inferscope-serve-").FullName;
        replay = ReplayServer.Build(SharedData.PathOf("fixtures", "engines"), "127.0.0.1:0", logging => { });
        await replay.StartAsync();
        var replayAddress = new Uri(replay.Urls.First());

        var exporterPort = ChildProcess.FreePort();
        nodeExporter = ChildProcess.Start(
            "/usr/bin/prometheus-node-exporter",
            $"--web.listen-address=127.0.0.1:{exporterPort}",
            "--collector.disable-defaults",
            "--collector.meminfo",
            "--collector.loadavg");

        var configPath = Path.Combine(folder, "inferscope.yaml");
        await File.WriteAllTextAsync(configPath, $"""
            endpoints:
              - name: chat
                engine: vllm
                model: qwen3.8-27b-local
                instance_type: ml.g6.4xlarge
                gpu_type: L4
                metrics_publish_frequency_seconds: 1
                metrics_path: /vllm-v1-0.28-excerpt/metrics
                instances:
                  - target: 127.0.0.1:{replayAddress.Port}
                    az: us-east-1a
              - name: hosts
                engine: node-exporter
                metrics_publish_frequency_seconds: 1
                instances:
                  - 127.0.0.1:{exporterPort}
            """);
        var port = ChildProcess.FreePort();
        output = new StringWriter();
        serving = ServeRunner.RunAsync(
            new ServerOptions { ConfigPath = configPath, ListenAddress = $"127.0.0.1:{port}", DataDir = Path.Combine(folder, "data"), WatchConfig = false },
            output,
            stop.Token);
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
            // Stopping by cancellation is the expected end.
        }

        client.Dispose();
        nodeExporter.Dispose();
        await replay.StopAsync();
        await replay.DisposeAsync();
        stop.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Serve_ScrapesReplayAndNodeExporter()
    {
        var raw = await WaitForResultAsync("vllm:num_preemptions_total");
        var unified = await WaitForResultAsync("{__name__=~\"llm_.+\",endpoint=\"chat\"}");
        var memory = await WaitForResultAsync("node_memory_MemTotal_bytes");

        Assert.Equal("0", raw.GetProperty("value")[1].GetString());
        Assert.Equal("us-east-1a", raw.GetProperty("metric").GetProperty("az").GetString());
        Assert.Equal("chat", unified.GetProperty("metric").GetProperty("endpoint").GetString());
        Assert.Equal("L4", unified.GetProperty("metric").GetProperty("gpu_type").GetString());
        Assert.True(double.Parse(memory.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("hosts", memory.GetProperty("metric").GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task Serve_ListsTargetsUp()
    {
        await WaitForResultAsync("node_memory_MemTotal_bytes");
        await WaitForResultAsync("vllm:num_preemptions_total");

        var body = await client.GetStringAsync("/api/v1/targets");
        using var document = JsonDocument.Parse(body);
        var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets");

        Assert.Equal(2, targets.GetArrayLength());
        Assert.All(targets.EnumerateArray(), t => Assert.Equal("up", t.GetProperty("health").GetString()));
    }

    [Fact]
    public async Task Serve_ReportsStorageSelfMetrics()
    {
        await WaitForResultAsync("vllm:num_preemptions_total");

        var body = await client.GetStringAsync("/metrics");
        var line = body.Split('\n').Single(l => l.StartsWith("inferscope_tsdb_head_memory_per_series_bytes ", StringComparison.Ordinal));
        var value = double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var series = body.Split('\n').Single(l => l.StartsWith("inferscope_tsdb_head_series ", StringComparison.Ordinal));

        Assert.InRange(value, 100, 1_000_000);
        Assert.NotEqual("inferscope_tsdb_head_series 0", series);
    }

    private async Task<JsonElement> WaitForResultAsync(string query)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            if (serving.IsCompleted)
            {
                await serving;
            }

            try
            {
                last = await client.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}");
                using var document = JsonDocument.Parse(last);
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return result[0].Clone();
                }
            }
            catch (HttpRequestException)
            {
                // The server is still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No result for {query} within 60 s. Last answer: {last}. Server output: {output}");
    }
}

using System.Text.Json;
using InferScope.Model;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

/// <summary>A real Prometheus 2.42 (Debian) scrapes the server's /federate and /metrics.</summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private TestServer server = null!;
    private ChildProcess prometheus = null!;
    private string dataFolder = null!;
    private HttpClient prometheusClient = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync("global:\n  external_labels:\n    cluster: lab\n");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        server.Store.Add(Labels.FromPairs("__name__", "llm_output_tokens_total", "endpoint", "chat", "az", "us-east-1a"), now - 5_000, 4200);
        server.Store.Add(Labels.FromPairs("__name__", "llm_kv_cache_usage_ratio", "endpoint", "chat", "az", "us-east-1a"), now - 5_000, 0.875);

        dataFolder = Directory.CreateTempSubdirectory("inferscope-prometheus-").FullName;
        var configPath = Path.Combine(dataFolder, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, $$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: federate
                honor_labels: true
                metrics_path: /federate
                params:
                  'match[]': ['{__name__=~"llm_.*"}']
                static_configs:
                  - targets: ['{{server.HostAndPort}}']
              - job_name: inferscope
                static_configs:
                  - targets: ['{{server.HostAndPort}}']
            """);
        var port = ChildProcess.FreePort();
        prometheus = ChildProcess.Start(
            "/usr/bin/prometheus",
            $"--config.file={configPath}",
            $"--storage.tsdb.path={Path.Combine(dataFolder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn");
        prometheusClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public async Task DisposeAsync()
    {
        prometheusClient.Dispose();
        prometheus.Dispose();
        await server.DisposeAsync();
        Directory.Delete(dataFolder, recursive: true);
    }

    [Fact]
    public async Task Federate_SeriesArriveWithValuesAndExternalLabels()
    {
        var tokens = await WaitForResultAsync("llm_output_tokens_total");
        var cache = await WaitForResultAsync("llm_kv_cache_usage_ratio");

        Assert.Equal("4200", tokens.GetProperty("value")[1].GetString());
        Assert.Equal("0.875", cache.GetProperty("value")[1].GetString());
        var labels = tokens.GetProperty("metric");
        Assert.Equal("lab", labels.GetProperty("cluster").GetString());
        Assert.Equal("us-east-1a", labels.GetProperty("az").GetString());
        Assert.Equal("chat", labels.GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task Metrics_ScrapedAsTarget()
    {
        var up = await WaitForResultAsync("up{job=\"inferscope\"}");
        var requests = await WaitForResultAsync("sum(inferscope_http_requests_total{handler=\"/metrics\"})");

        Assert.Equal("1", up.GetProperty("value")[1].GetString());
        Assert.True(double.Parse(requests.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    private async Task<JsonElement> WaitForResultAsync(string query)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await prometheusClient.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}");
                using var document = JsonDocument.Parse(last);
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return result[0].Clone();
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prometheus returned no result for {query} within 60 s. Last answer: {last}. Prometheus output: {prometheus.Output}");
    }
}

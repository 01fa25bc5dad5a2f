using System.Globalization;
using System.Text.Json;
using InferScope.Ingestion.RemoteWrite;
using InferScope.Model;
using InferScope.Server.Configuration;
using InferScope.Server.Findings;
using InferScope.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Server.Tests;

/// <summary>The diagnosis judges each endpoint by its configured <c>slo</c> and <c>benchmark</c> blocks, and follows reloads.</summary>
public sealed class DiagnosisConfigTests
{
    [Fact]
    public void ToOptions_MapsSloAndBenchmark()
    {
        var config = ConfigLoader.Parse("""
            endpoints:
              - name: chat
                metrics_publish_frequency_seconds: 15
                instances: [10.0.0.1:8000]
                slo:
                  ttft_seconds: 0.5
                benchmark:
                  output_tokens_per_second: 1000
                  concurrency: 8
                  mean_prompt_tokens: 512
              - name: embed
                metrics_publish_frequency_seconds: 30
                instances: [10.0.0.2:8000]
                benchmark:
                  input_tokens_per_second: 9000
            """);

        var options = ConfiguredFindings.ToOptions(config);

        var slo = Assert.Single(options.Slos);
        Assert.Equal("chat", slo.Endpoint);
        Assert.Equal(0.5, slo.TimeToFirstTokenSeconds);
        Assert.Equal(0.1, slo.InterTokenLatencySeconds);
        var benchmark = Assert.Single(options.Benchmarks);
        Assert.Equal("chat", benchmark.Endpoint);
        Assert.Equal(1000, benchmark.OutputTokensPerSecondPerInstance);
        Assert.Equal(8, benchmark.ConcurrencyPerInstance);
        Assert.Equal(512, benchmark.MeanPromptTokens);
        Assert.True(double.IsNaN(benchmark.MeanOutputTokens));
        Assert.Equal(TimeSpan.FromSeconds(30), options.PublishInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), options.PublishIntervalFor("chat"));
        Assert.Equal(TimeSpan.FromSeconds(30), options.PublishIntervalFor("embed"));
        Assert.Equal(1.0, options.SloFor("embed").TimeToFirstTokenSeconds);
    }

    [Fact]
    public async Task Findings_FollowBenchmarkOnReload()
    {
        await using var serve = await ServeInstance.StartAsync(Config(benchmarkOutputTokens: 1000));
        var at = await PushTrafficAsync(serve.BaseAddress);

        var before = await BenchmarkGapAsync(serve, at);
        await serve.ReloadAsync(Config(benchmarkOutputTokens: 150));
        var after = await BenchmarkGapAsync(serve, at);

        Assert.NotNull(before);
        Assert.Equal("warning", before.Value.GetProperty("severity").GetString());
        var summary = before.Value.GetProperty("summary").GetString()!;
        Assert.Contains("100 output tokens/s per instance", summary, StringComparison.Ordinal);
        Assert.Contains("the benchmark's 1000", summary, StringComparison.Ordinal);
        Assert.Contains("2 running requests per instance against 8", summary, StringComparison.Ordinal);
        Assert.Null(after);
    }

    private static string Config(int benchmarkOutputTokens) => $"""
        endpoints:
          - name: chat
            metrics_publish_frequency_seconds: 15
            instances: [127.0.0.1:1]
            benchmark:
              output_tokens_per_second: {benchmarkOutputTokens}
              concurrency: 8
        """;

    /// <summary>
    /// Pushes ten minutes of one instance generating 100 tokens/s with 2 requests running, through
    /// the remote-write receiver, and returns the time of the last sample.
    /// </summary>
    private static async Task<DateTimeOffset> PushTrafficAsync(Uri server)
    {
        using var http = new HttpClient();
        var sender = new RemoteWriteStorage(http, new RemoteWriteSenderOptions { Url = new Uri(server, "/api/v1/write") }, NullLogger<RemoteWriteStorage>.Instance);
        var last = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30);
        var tokens = Labels.FromPairs("__name__", "llm_generation_tokens_total", "endpoint", "chat", "instance", "10.0.0.1:8000", "az", "us-east-1a");
        var running = Labels.FromPairs("__name__", "llm_requests_running", "endpoint", "chat", "instance", "10.0.0.1:8000", "az", "us-east-1a");
        using var appender = sender.CreateAppender();
        for (var i = 0; i <= 40; i++)
        {
            var timestampMs = last.AddSeconds(-15 * (40 - i)).ToUnixTimeMilliseconds();
            appender.Append(tokens, timestampMs, 1000 + (i * 1500));
            appender.Append(running, timestampMs, 2);
        }

        await appender.CommitAsync();
        return last;
    }

    private static async Task<JsonElement?> BenchmarkGapAsync(ServeInstance serve, DateTimeOffset at)
    {
        var time = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = await serve.Client.GetStringAsync($"/api/inferscope/v1/findings?endpoint=chat&window=5m&time={time}");
        using var document = JsonDocument.Parse(body);
        foreach (var finding in document.RootElement.GetProperty("data").GetProperty("findings").EnumerateArray())
        {
            if (finding.GetProperty("cause").GetString() == "benchmark-gap")
            {
                return finding.Clone();
            }
        }

        return null;
    }
}

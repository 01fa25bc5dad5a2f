using System.Text.Json;
using InferScope.Engines.Catalog;

namespace InferScope.Cli.Tests;

public class CatalogCommandTests
{
    [Fact]
    public async Task Json_IsAnArrayOfDocumentedMetrics()
    {
        var (exitCode, output, _) = await Cli.RunAsync("catalog", "--format", "json");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var metrics = document.RootElement.EnumerateArray().ToList();
        Assert.True(metrics.Count >= 100, $"The catalog lists {metrics.Count} metrics.");
        foreach (var metric in metrics)
        {
            Assert.StartsWith("llm_", metric.GetProperty("name").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(metric.GetProperty("type").GetString()));
            Assert.False(string.IsNullOrEmpty(metric.GetProperty("unit").GetString()));
            Assert.Equal(JsonValueKind.Array, metric.GetProperty("labels").ValueKind);
            Assert.Equal(JsonValueKind.Array, metric.GetProperty("sources").ValueKind);
        }
    }

    [Fact]
    public async Task Json_GivesEachEnginesSource()
    {
        var (_, output, _) = await Cli.RunAsync("catalog", "--format", "json");

        using var document = JsonDocument.Parse(output);
        var ttft = document.RootElement.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "llm_time_to_first_token_seconds");
        var triton = ttft.GetProperty("sources").EnumerateArray().First(s => s.GetProperty("engine").GetString() == "trtllm");
        Assert.Equal("histogram", ttft.GetProperty("type").GetString());
        Assert.Equal("gen_ai.server.time_to_first_token", ttft.GetProperty("otel_name").GetString());
        Assert.Equal("nv_inference_first_response_histogram_ms", triton.GetProperty("source").GetString());
        Assert.Equal("ms → s", triton.GetProperty("conversion").GetString());
    }

    [Fact]
    public async Task Markdown_IsTheGeneratedPage()
    {
        var (exitCode, output, _) = await Cli.RunAsync("catalog", "--format", "markdown");

        Assert.Equal(0, exitCode);
        Assert.Equal(CatalogMarkdown.Generate(), output);
        Assert.StartsWith("# Unified metrics", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFormat_IsRejected()
    {
        var (exitCode, _, error) = await Cli.RunAsync("catalog", "--format", "yaml");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("yaml", error, StringComparison.Ordinal);
    }
}

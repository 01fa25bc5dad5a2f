using System.Text.Json;
using InferScope.TestSupport;

namespace InferScope.Cli.Tests;

public class CheckMetricsCommandTests
{
    private static string Fixture(string name) => SharedData.PathOf("fixtures", "engines", name);

    [Fact]
    public async Task Text_VllmV0_ShowsEngineCountsAndDeprecations()
    {
        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", Fixture("vllm-v0-0.5.prom"));

        Assert.Equal(0, exitCode);
        Assert.Contains("engine: vllm (detected)", output, StringComparison.Ordinal);
        Assert.Contains("families: 29, samples: 120", output, StringComparison.Ordinal);
        Assert.Contains("llm_time_to_first_token_seconds (19 samples)", output, StringComparison.Ordinal);
        Assert.Contains("vllm:gpu_cache_usage_perc (replaced by vllm:kv_cache_usage_perc)", output, StringComparison.Ordinal);
        Assert.Contains("llm_request_queue_time_seconds (absent from this payload)", output, StringComparison.Ordinal);
        Assert.Contains("problems: none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_Tgi_ListsUnifiedAndMissingMetrics()
    {
        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", "--format", "json", Fixture("tgi-3.x.prom"));

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var report = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal("tgi", report.GetProperty("engine").GetString());
        Assert.Equal(24, report.GetProperty("families").GetInt32());
        Assert.Equal(1888, report.GetProperty("samples").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("error").ValueKind);
        var unified = report.GetProperty("unified").EnumerateArray().Select(u => u.GetProperty("name").GetString()).ToList();
        Assert.Contains("llm_prompt_tokens_total", unified);
        Assert.Contains("llm_e2e_request_latency_seconds", unified);
        var ttft = report.GetProperty("missing").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "llm_time_to_first_token_seconds");
        Assert.Equal("not_provided_by_engine", ttft.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ParseError_ExitsWithLineNumber()
    {
        using var file = new TempFile("# TYPE x gauge\nx{a=\"1\" 5\n");

        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", file.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("error:", output, StringComparison.Ordinal);
        Assert.Contains("line 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralInputs_OneInvalid_ExitsNonZero()
    {
        using var bad = new TempFile("not exposition text {{{\n");

        var (exitCode, output, _) = await Cli.RunAsync(
            "check-metrics", "--format", "json", Fixture("dcgm-exporter-4.x.prom"), bad.Path);

        Assert.Equal(1, exitCode);
        using var document = JsonDocument.Parse(output);
        var reports = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, reports.Count);
        Assert.Equal("dcgm", reports[0].GetProperty("engine").GetString());
        Assert.Equal(25, reports[0].GetProperty("families").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, reports[1].GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task MissingFile_ExitsNonZero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"inferscope-missing-{Guid.NewGuid():N}.prom");

        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Cannot read {path}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonStringBody_IsReportedNotParsed()
    {
        using var file = new TempFile("\"# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.\\n\"");

        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", file.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("JSON-escaped string", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineOption_OverridesDetection()
    {
        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", "--engine", "vllm", Fixture("sglang-0.4-docs.prom"));

        Assert.Equal(0, exitCode);
        Assert.Contains("engine: vllm (as given)", output, StringComparison.Ordinal);
        Assert.Contains("configured as vllm", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEngineOption_ExitsWithUsageError()
    {
        var (exitCode, _, error) = await Cli.RunAsync("check-metrics", "--engine", "vllmm", Fixture("sglang-0.4-docs.prom"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown engine \"vllmm\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_OnLoopback_IsFetchedAndChecked()
    {
        var body = await File.ReadAllBytesAsync(Fixture("dcgm-exporter-4.x.prom"));
        await using var server = new LoopbackMetricsServer(body, "text/plain; version=0.0.4; charset=utf-8");

        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", server.Url);

        Assert.Equal(0, exitCode);
        Assert.Contains("engine: dcgm (detected)", output, StringComparison.Ordinal);
        Assert.Contains("llm_gpu_temperature_celsius (1 sample)", output, StringComparison.Ordinal);
        Assert.Contains("application/openmetrics-text", server.LastAccept ?? "", StringComparison.Ordinal);
        Assert.Contains("text/plain", server.LastAccept ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_HttpError_ExitsNonZero()
    {
        await using var server = new LoopbackMetricsServer("down"u8.ToArray(), "text/plain", status: 503);

        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", server.Url);

        Assert.Equal(1, exitCode);
        Assert.Contains("HTTP 503", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenMetricsFile_IsParsedAsOpenMetrics()
    {
        using var file = new TempFile("# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name=\"m\"} 2\n# EOF\n");

        var (exitCode, output, _) = await Cli.RunAsync("check-metrics", file.Path);

        Assert.Equal(0, exitCode);
        Assert.Contains("format: openmetrics-1.0", output, StringComparison.Ordinal);
        Assert.Contains("llm_requests_running (1 sample)", output, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace InferScope.Cli.Tests;

public sealed class DiagnoseCommandTests(XidErrorData data) : IClassFixture<XidErrorData>
{
    /// <summary>Thirty seconds after the XID error at 40 minutes: two scrape intervals of 15 s.</summary>
    private static readonly string At = SimulatedData.At(TimeSpan.FromSeconds((40 * 60) + 30));

    [Fact]
    public async Task Diagnose_Json_NamesXidErrorFirst()
    {
        var (exitCode, output, error) = await Cli.RunAsync("diagnose", "--data", data.Directory, "--at", At, "--window", "30s", "--format", "json");

        Assert.True(exitCode == 1, $"exit code {exitCode}, expected 1 for a critical finding: {error}");
        using var json = JsonDocument.Parse(output);
        Assert.Equal("success", json.RootElement.GetProperty("status").GetString());
        var findings = json.RootElement.GetProperty("data").GetProperty("findings");
        Assert.True(findings.GetArrayLength() > 0, output);
        var top = findings[0];
        Assert.Equal(1, top.GetProperty("rank").GetInt32());
        Assert.Equal("gpu-errors", top.GetProperty("cause").GetString());
        Assert.Equal("critical", top.GetProperty("severity").GetString());
        Assert.Equal("chat-llama-8b", top.GetProperty("scope").GetProperty("endpoint").GetString());
        Assert.StartsWith("chat-llama-8b-1:", top.GetProperty("scope").GetProperty("instance").GetString(), StringComparison.Ordinal);
        Assert.Equal("0", top.GetProperty("scope").GetProperty("gpu").GetString());
        Assert.True(top.GetProperty("evidence").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Diagnose_Text_ListsRankedFindings()
    {
        var (exitCode, output, error) = await Cli.RunAsync("diagnose", "--data", data.Directory, "--at", At, "--window", "30s");

        Assert.True(exitCode == 1, $"exit code {exitCode}: {error}");
        Assert.Contains("over 30s", output, StringComparison.Ordinal);
        Assert.Contains("1. [CRITICAL] gpu-errors (endpoint=chat-llama-8b", output, StringComparison.Ordinal);
        Assert.Contains("XID error 79", output, StringComparison.Ordinal);
        Assert.Contains("Action:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_BeforeFault_HasNoWarning()
    {
        var before = SimulatedData.At(TimeSpan.FromMinutes(39));

        var (exitCode, output, error) = await Cli.RunAsync("diagnose", "--data", data.Directory, "--at", before, "--window", "15m", "--format", "json");

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}\n{output}");
        using var json = JsonDocument.Parse(output);
        foreach (var finding in json.RootElement.GetProperty("data").GetProperty("findings").EnumerateArray())
        {
            Assert.Equal("info", finding.GetProperty("severity").GetString());
        }
    }

    [Fact]
    public async Task Diagnose_InvalidWindow_ExitsTwo()
    {
        var (exitCode, _, error) = await Cli.RunAsync("diagnose", "--data", data.Directory, "--window", "soon");

        Assert.Equal(2, exitCode);
        Assert.Contains("soon", error, StringComparison.Ordinal);
    }
}

public sealed class DiagnoseNewestSampleTests(XidErrorData data) : IClassFixture<XidErrorData>
{
    [Fact]
    public async Task Diagnose_DataWithoutAt_UsesNewestSample()
    {
        var (exitCode, output, error) = await Cli.RunAsync("diagnose", "--data", data.Directory, "--window", "30s");

        Assert.True(exitCode == 1, $"exit code {exitCode}: {error}");
        Assert.Contains($"Diagnosed at the newest sample in {data.Directory}, 2026-01-01T00:41:00.000Z", output, StringComparison.Ordinal);
        Assert.Contains("gpu-errors", output, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped updating", output, StringComparison.Ordinal);
        Assert.DoesNotContain("is stale", output, StringComparison.Ordinal);
    }
}

public sealed class DiagnoseRoutingOverheadTests(RoutingOverheadData data) : IClassFixture<RoutingOverheadData>
{
    [Fact]
    public async Task Diagnose_RouterOverhead_NotReportedMissing()
    {
        var (_, output, error) = await Cli.RunAsync("diagnose", "--data", data.Directory, "--at", SimulatedData.At(TimeSpan.FromMinutes(35)));

        Assert.Equal(string.Empty, error);
        Assert.Contains("llm_router_overhead_seconds", output, StringComparison.Ordinal);
        Assert.DoesNotContain("llm_overhead_latency_seconds_count is missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain("routing and gateway delays stay invisible", output, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace InferScope.Cli.Tests;

public sealed class CompareCommandTests(EngineComparisonData data) : IClassFixture<EngineComparisonData>
{
    private static readonly string At = SimulatedData.At(TimeSpan.FromMinutes(20));

    private Task<(int ExitCode, string Output, string Error)> CompareAsync(string format) => Cli.RunAsync(
        "compare", "--data", data.Directory, "--at", At, "--window", "15m",
        "--a", "endpoint=\"ab-vllm\"", "--b", "endpoint=\"ab-sglang\"", "--load", "10", "--format", format);

    [Fact]
    public async Task Compare_Json_ReportsBothEnginesWithIntervals()
    {
        var (exitCode, output, error) = await CompareAsync("json");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        var sides = json.RootElement.GetProperty("data").GetProperty("sides");
        Assert.Equal(2, sides.GetArrayLength());
        Assert.Equal("endpoint=\"ab-vllm\"", sides[0].GetProperty("name").GetString());
        Assert.Equal("endpoint=\"ab-sglang\"", sides[1].GetProperty("name").GetString());
        foreach (var side in sides.EnumerateArray())
        {
            Assert.InRange(side.GetProperty("intervals").GetInt32(), 10, 15);
            foreach (var figure in new[] { "ttftP50Seconds", "itlP50Seconds", "outputTokensPerSecondPerInstance", "goodputPerInstance", "instancesNeeded" })
            {
                var estimate = side.GetProperty(figure);
                Assert.True(estimate.ValueKind == JsonValueKind.Object, $"{figure} of {side.GetProperty("name")} is missing:\n{output}");
                var value = estimate.GetProperty("value").GetDouble();
                Assert.True(estimate.GetProperty("lower").GetDouble() <= value, $"{figure}: lower bound above the value");
                Assert.True(value <= estimate.GetProperty("upper").GetDouble(), $"{figure}: upper bound below the value");
            }

            // Each side serves 0.75 requests/s per instance of about 200 output tokens.
            Assert.InRange(side.GetProperty("outputTokensPerSecondPerInstance").GetProperty("value").GetDouble(), 75, 225);
        }

        // vLLM and SGLang export TTFT with different bucket edges, so the notes must name the shared-edge reading.
        var notes = json.RootElement.GetProperty("data").GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains(notes, n => n!.StartsWith("TTFT bucket edges differ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compare_Text_PrintsTableWithIntervals()
    {
        var (exitCode, output, error) = await CompareAsync("text");

        Assert.True(exitCode == 0, error);
        Assert.Contains("95% bootstrap intervals", output, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"ab-vllm\"", output, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"ab-sglang\"", output, StringComparison.Ordinal);
        var row = output.Split('\n').Single(l => l.StartsWith("output tokens/s per instance", StringComparison.Ordinal));
        Assert.Equal(2, row.Split('[').Length - 1);
        Assert.Contains("instances for 10 requests/s", output, StringComparison.Ordinal);
    }
}

namespace InferScope.Cli.Tests;

public sealed class TsdbStatsCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "inferscope-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Stats_PrintsSampleTimesNotBlockBounds()
    {
        // 2026-01-01T17:00:00Z and 17:30:00Z, inside a block that starts at a round hour before them.
        using var payload = new TempFile(
            """
            # TYPE llm_requests_running gauge
            llm_requests_running{endpoint="chat"} 3 1767286800
            llm_requests_running{endpoint="chat"} 4 1767288600
            # EOF

            """,
            ".txt");
        var (importExit, _, importError) = await Cli.RunAsync("tsdb", "import", "--data", folder, payload.Path);
        Assert.True(importExit == 0, importError);

        var (exitCode, output, error) = await Cli.RunAsync("tsdb", "stats", "--data", folder);

        Assert.True(exitCode == 0, error);
        Assert.Contains("samples from    2026-01-01 17:00:00.000Z to 2026-01-01 17:30:00.000Z", output, StringComparison.Ordinal);
        Assert.DoesNotContain("time range", output, StringComparison.Ordinal);
    }
}

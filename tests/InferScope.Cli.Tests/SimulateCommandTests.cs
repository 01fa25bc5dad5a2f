using System.CommandLine;
using InferScope.Commands;
using InferScope.Storage;
using InferScope.TestSupport;

namespace InferScope.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "inferscope-simulate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand("test");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var exitCode = await root.Parse(args).InvokeAsync(configuration);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Simulate_WritesDataServeCanOpen()
    {
        var scenario = Path.Combine(SharedData.RepositoryRoot, "scenarios", "gpu-xid-error.yaml");

        var (exitCode, output, error) = await RunAsync(
            "simulate", "--scenario", scenario, "--duration", "10m", "--data", dataDir, "--start", "2026-01-01T00:00:00Z");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Wrote", output, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected", output, StringComparison.Ordinal);
        using var tsdb = Tsdb.Open(dataDir);
        Assert.True(tsdb.HeadSeriesCount > 500, $"{tsdb.HeadSeriesCount} series after replaying the log");
    }

    [Fact]
    public async Task Simulate_UnknownScenario_ListsAvailable()
    {
        var (exitCode, _, error) = await RunAsync("simulate", "--scenario", "no-such-scenario", "--data", dataDir);

        Assert.Equal(2, exitCode);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_InvalidDuration_ExplainsFormat()
    {
        var scenario = Path.Combine(SharedData.RepositoryRoot, "scenarios", "healthy-baseline.yaml");

        var (exitCode, _, error) = await RunAsync("simulate", "--scenario", scenario, "--duration", "six hours", "--data", dataDir);

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid duration", error, StringComparison.Ordinal);
    }
}

using InferScope.TestSupport;

namespace InferScope.Cli.Tests;

/// <summary>
/// A data folder that <c>inferscope simulate</c> wrote for a shipped scenario, starting at
/// <see cref="Start"/>. The fixture deletes it when done.
/// </summary>
public abstract class SimulatedData : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string scenario;
    private readonly string duration;

    protected SimulatedData(string scenario, string duration)
    {
        this.scenario = scenario;
        this.duration = duration;
    }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "inferscope-cli-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "scenarios", scenario + ".yaml");
        var (exitCode, _, error) = await Cli.RunAsync(
            "simulate", "--scenario", path, "--duration", duration, "--data", Directory, "--start", Start.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        Assert.True(exitCode == 0, $"simulate {scenario} failed: {error}");
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Returns <paramref name="offset"/> after the start in RFC 3339, for <c>--at</c>.</summary>
    public static string At(TimeSpan offset) => (Start + offset).ToString("yyyy-MM-ddTHH:mm:ssZ");
}

/// <summary>The GPU XID error scenario up to shortly after its fault at 40 minutes.</summary>
public sealed class XidErrorData() : SimulatedData("gpu-xid-error", "41m");

/// <summary>The first 20 minutes of the vLLM against SGLang scenario.</summary>
public sealed class EngineComparisonData() : SimulatedData("vllm-vs-sglang", "20m");

/// <summary>The routing overhead scenario up to five minutes after its fault at 30 minutes.</summary>
public sealed class RoutingOverheadData() : SimulatedData("routing-overhead", "35m");

using System.Net;
using System.Net.Sockets;
using InferScope.Storage;

namespace InferScope.Cli.Tests;

/// <summary>Errors a user can fix come out as one line on stderr with exit code 2, never as a stack trace.</summary>
public sealed class CommandErrorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("inferscope-cli-errors-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("-3")]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("100000")]
    public async Task Demo_InstancesOutOfRange_NamesOption(string instances)
    {
        var (exitCode, _, error) = await Cli.RunAsync("demo", "--instances", instances, "--listen", "127.0.0.1:0");

        Assert.Equal(2, exitCode);
        Assert.Contains($"--instances {instances} is out of range", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    [Fact]
    public async Task Demo_InvalidListen_NamesOption()
    {
        var (exitCode, _, error) = await Cli.RunAsync("demo", "--listen", "0.0.0.0:abc");

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid --listen \"0.0.0.0:abc\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain("inferscope.yaml", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    [Fact]
    public async Task Serve_InvalidListen_NamesOption()
    {
        var (exitCode, _, error) = await Cli.RunAsync("serve", "--config", WriteConfig(), "--listen", "127.0.0.1:99999");

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid --listen \"127.0.0.1:99999\"", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    [Fact]
    public async Task Serve_MissingConfig_NamesFile()
    {
        var missing = Path.Combine(folder, "missing.yaml");

        var (exitCode, _, error) = await Cli.RunAsync("serve", "--config", missing);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Configuration file {missing} not found", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    [Fact]
    public async Task Serve_PortInUse_OneLine()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (exitCode, _, error) = await Cli.RunAsync(
            "serve", "--config", WriteConfig(), "--listen", $"127.0.0.1:{port}", "--data", Path.Combine(folder, "data"));

        Assert.Equal(2, exitCode);
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("pass --listen with another port", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    [Fact]
    public async Task Demo_PortInUse_OneLine()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (exitCode, _, error) = await Cli.RunAsync("demo", "--instances", "1", "--listen", $"127.0.0.1:{port}");

        Assert.Equal(2, exitCode);
        Assert.Contains("pass --listen with another port", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    [Fact]
    public async Task Serve_LockedDataFolder_OneLine()
    {
        var data = Path.Combine(folder, "locked");
        using var tsdb = Tsdb.Open(data);

        var (exitCode, _, error) = await Cli.RunAsync("serve", "--config", WriteConfig(), "--listen", "127.0.0.1:0", "--data", data);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Data folder {data} is in use", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    [Theory]
    [InlineData("diagnose")]
    [InlineData("compare")]
    public async Task ZeroWindow_NamesOption(string command)
    {
        string[] args = command == "compare"
            ? ["compare", "--a", "engine=\"vllm\"", "--b", "engine=\"sglang\"", "--data", folder, "--window", "0s"]
            : ["diagnose", "--data", folder, "--window", "0s"];

        var (exitCode, _, error) = await Cli.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("Invalid --window \"0s\"", error, StringComparison.Ordinal);
        AssertOneLine(error);
    }

    private string WriteConfig()
    {
        var path = Path.Combine(folder, "inferscope.yaml");
        File.WriteAllText(path, "storage:\n  mode: local\n");
        return path;
    }

    private static void AssertOneLine(string error)
    {
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

using System.Text;

namespace InferScope.Cli.Tests;

/// <summary><c>diagnose</c> and <c>compare</c> report failed queries instead of an empty diagnosis.</summary>
public sealed class DiagnoseFailureTests
{
    private const string EmptyVector = """{"status":"success","data":{"resultType":"vector","result":[]}}""";

    [Fact]
    public async Task Diagnose_ConnectionRefused_ReportsFailure()
    {
        var (exitCode, output, error) = await Cli.RunAsync("diagnose", "--server", "http://127.0.0.1:1/");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains("Queries to the query API at http://127.0.0.1:1/ failed", error, StringComparison.Ordinal);
        Assert.Contains("Check --server", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing to diagnose", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_Unauthorized_ReportsStatus()
    {
        await using var server = new LoopbackMetricsServer("Unauthorized"u8.ToArray(), "text/plain", status: 401);

        var (exitCode, _, error) = await Cli.RunAsync("diagnose", "--server", server.Url.Replace("metrics", string.Empty, StringComparison.Ordinal));

        Assert.Equal(2, exitCode);
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.Contains("--bearer-token", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bearer-token", "secret-token", "Bearer secret-token")]
    [InlineData("--basic-auth", "admin:pa:ss", "Basic YWRtaW46cGE6c3M=")]
    public async Task Diagnose_Credentials_SentAsAuthorization(string option, string value, string expected)
    {
        await using var server = new LoopbackMetricsServer(Encoding.UTF8.GetBytes(EmptyVector), "application/json");

        var (_, output, error) = await Cli.RunAsync("diagnose", "--server", server.Url.Replace("metrics", string.Empty, StringComparison.Ordinal), option, value);

        Assert.Equal(expected, server.LastAuthorization);
        Assert.Contains("nothing to diagnose", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task Diagnose_BearerTokenFile_SentAsAuthorization()
    {
        await using var server = new LoopbackMetricsServer(Encoding.UTF8.GetBytes(EmptyVector), "application/json");
        using var token = new TempFile("file-token\n");

        await Cli.RunAsync("diagnose", "--server", server.Url.Replace("metrics", string.Empty, StringComparison.Ordinal), "--bearer-token-file", token.Path);

        Assert.Equal("Bearer file-token", server.LastAuthorization);
    }

    [Fact]
    public async Task Compare_ConnectionRefused_ReportsFailure()
    {
        var (exitCode, _, error) = await Cli.RunAsync(
            "compare", "--a", "engine=\"vllm\"", "--b", "engine=\"sglang\"", "--server", "http://127.0.0.1:1/", "--basic-auth", "user:pass");

        Assert.Equal(2, exitCode);
        Assert.Contains("Queries to the query API at http://127.0.0.1:1/ failed", error, StringComparison.Ordinal);
    }
}

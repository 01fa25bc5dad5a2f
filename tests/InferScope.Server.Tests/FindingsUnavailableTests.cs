using System.Net;
using System.Text.Json;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

/// <summary>The findings API reports a storage it cannot query, instead of an empty diagnosis.</summary>
public sealed class FindingsUnavailableTests
{
    [Fact]
    public async Task Findings_RemoteRefused_Returns503()
    {
        // Port 1 on loopback refuses connections, so every remote query fails.
        await using var serve = await ServeInstance.StartAsync(
            """
            storage:
              mode: remote
              remote_write_url: http://127.0.0.1:1/api/v1/write
              remote_read_url: http://127.0.0.1:1/
            """);

        using var response = await serve.Client.GetAsync(new Uri(serve.BaseAddress, "api/inferscope/v1/findings"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("error", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("unavailable", json.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("http://127.0.0.1:1/", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}

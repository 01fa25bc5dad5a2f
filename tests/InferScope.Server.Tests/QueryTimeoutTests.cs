using System.Net;
using System.Text.Json;
using InferScope.Server.Tests.Support;

namespace InferScope.Server.Tests;

/// <summary>A query that runs past its <c>timeout</c> parameter is a 503 timeout, as in Prometheus, not a 499 cancel.</summary>
public sealed class QueryTimeoutTests
{
    [Theory]
    [InlineData("/api/v1/query?timeout=0.001&query=")]
    [InlineData("/api/v1/query_range?start=0&end=120&step=60&timeout=0.001&query=")]
    public async Task Query_PastTimeout_Timeout503(string uri)
    {
        await using var serve = await ServeInstance.StartAsync("");
        var heavy = Uri.EscapeDataString("sum_over_time(sum_over_time(vector(1)[1h:1s])[1d:1m])");

        using var response = await serve.Client.GetAsync(uri + heavy);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("error", root.GetProperty("status").GetString());
        Assert.Equal("timeout", root.GetProperty("errorType").GetString());
        Assert.StartsWith("query timed out in ", root.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using InferScope.Model;
using InferScope.Server.Tests.Support;
using InferScope.Storage;

namespace InferScope.Server.Tests;

/// <summary>
/// Queries written to exhaust the engine, sent to <c>serve</c> over HTTP: each one gets its
/// Prometheus error, and the server, which runs in the test process, keeps serving queries.
/// </summary>
public sealed class HostileQueryServeTests
{
    private const string Limits = "query:\n  timeout: 1s\n  max_samples: 10000000\n";

    /// <summary>The time of the one <c>up</c> sample, whole seconds within the retention.</summary>
    private static readonly long SampleMs = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1000;

    [Fact]
    public async Task HostileQueries_ReturnErrors_ServerStaysUp()
    {
        await using var serve = await ServeInstance.StartAsync(Limits, folder: await FolderWithUpAsync());
        var chain = string.Join("+", Enumerable.Repeat("up", 100_000));
        var at = (SampleMs / 1000).ToString(CultureInfo.InvariantCulture);

        var deepChain = await PostAsync(serve, "/api/v1/query", chain, at);
        var deepFormat = await PostAsync(serve, "/api/v1/format_query", chain, at);
        var hugeSubquery = await GetAsync(serve, $"/api/v1/query?query={Uri.EscapeDataString("max_over_time(vector(1)[1d:1ms])")}&time={at}");
        var seriesPerStep = await GetAsync(
            serve,
            $"/api/v1/query_range?query={Uri.EscapeDataString("count_values(\"v\", vector(time()))")}&start=0&end=14400&step=1.5");
        var hugeWindows = await GetAsync(
            serve,
            $"/api/v1/query?query={Uri.EscapeDataString("max_over_time(max_over_time(vector(1)[1000s:1ms])[1000s:1ms])")}&time={at}");
        var up = await serve.QueryAsync("up == 1", DateTimeOffset.FromUnixTimeMilliseconds(SampleMs));

        AssertError(deepChain, HttpStatusCode.BadRequest, "bad_data", "nested more than 256 levels deep");
        AssertError(deepFormat, HttpStatusCode.BadRequest, "bad_data", "nested more than 256 levels deep");
        AssertError(hugeSubquery, HttpStatusCode.UnprocessableEntity, "execution", "too many samples");
        AssertError(seriesPerStep, HttpStatusCode.UnprocessableEntity, "execution", "too many samples");
        AssertError(hugeWindows, HttpStatusCode.ServiceUnavailable, "timeout", "query timed out");
        var sample = Assert.Single(up.EnumerateArray());
        Assert.Equal(1, ServeInstance.ValueOf(sample));
        Assert.Equal("api", ServeInstance.LabelOf(sample, "job"));
    }

    private static void AssertError((HttpStatusCode Status, JsonElement Root) response, HttpStatusCode status, string errorType, string phrase)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("error", response.Root.GetProperty("status").GetString());
        Assert.Equal(errorType, response.Root.GetProperty("errorType").GetString());
        Assert.Contains(phrase, response.Root.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Writes one <c>up{job="api"}</c> sample with the value 1 into the data folder of a new temporary folder.</summary>
    private static async Task<string> FolderWithUpAsync()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-hostile-query-").FullName;
        using var store = Tsdb.Open(Path.Combine(folder, "data"));
        using var appender = store.CreateAppender();
        appender.Append(Labels.FromPairs("__name__", "up", "job", "api"), SampleMs, 1);
        await appender.CommitAsync();
        return folder;
    }

    /// <summary>Sends the query as a form body, since a query of 300 KB does not fit in a URL.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Root)> PostAsync(ServeInstance serve, string path, string query, string time)
    {
        using var form = new FormUrlEncodedContent([new("query", query), new("time", time)]);
        using var response = await serve.Client.PostAsync(path, form);
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Root)> GetAsync(ServeInstance serve, string uri)
    {
        using var response = await serve.Client.GetAsync(uri);
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Root)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, document.RootElement.Clone());
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using InferScope.Model;
using InferScope.Server.Tests.Support;
using InferScope.Storage;

namespace InferScope.Server.Tests;

/// <summary>
/// serve runs its engine with the limits of the <c>query</c> block: a query over more samples than
/// <c>max_samples</c> fails with an execution error, <c>lookback_delta</c> decides how old a sample an
/// instant query still returns, and a query that waits for a slot past its timeout fails with a timeout.
/// </summary>
public sealed class QueryLimitsServeTests
{
    /// <summary>Samples of <c>queue_depth</c>, one every 10 s for an hour, with values 0 to 359.</summary>
    private const int SampleCount = 360;

    private const long SampleIntervalMs = 10_000;

    /// <summary>The time of the last sample, a whole multiple of the interval within the retention.</summary>
    private static readonly long LastSampleMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / SampleIntervalMs * SampleIntervalMs;

    [Fact]
    public async Task MaxSamples_OverLimit_Execution422()
    {
        await using var serve = await ServeInstance.StartAsync("query:\n  max_samples: 100\n", folder: await FolderWithSamplesAsync());

        // An hour contains 360 samples, over the limit of 100.
        var (status, root) = await QueryAsync(serve, "count_over_time(queue_depth[1h])", LastSampleMs);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("error", root.GetProperty("status").GetString());
        Assert.Equal("execution", root.GetProperty("errorType").GetString());
        Assert.Equal("query processing would load too many samples into memory in query execution", root.GetProperty("error").GetString());
    }

    [Fact]
    public async Task MaxSamples_UnderLimit_Succeeds()
    {
        await using var serve = await ServeInstance.StartAsync("query:\n  max_samples: 100\n", folder: await FolderWithSamplesAsync());

        // Five minutes contain 30 samples, under the limit of 100.
        var (status, root) = await QueryAsync(serve, "count_over_time(queue_depth[5m])", LastSampleMs);

        Assert.Equal(HttpStatusCode.OK, status);
        var sample = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal("30", sample.GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task MaxSamples_Default_AllowsHour()
    {
        await using var serve = await ServeInstance.StartAsync("", folder: await FolderWithSamplesAsync());

        var (status, root) = await QueryAsync(serve, "count_over_time(queue_depth[1h])", LastSampleMs);

        Assert.Equal(HttpStatusCode.OK, status);
        var sample = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal("360", sample.GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task LookbackDelta_Short_DropsOlderSample()
    {
        await using var serve = await ServeInstance.StartAsync("query:\n  lookback_delta: 1m\n", folder: await FolderWithSamplesAsync());

        var within = await serve.QueryAsync("queue_depth", DateTimeOffset.FromUnixTimeMilliseconds(LastSampleMs + 30_000));
        var beyond = await serve.QueryAsync("queue_depth", DateTimeOffset.FromUnixTimeMilliseconds(LastSampleMs + 90_000));

        Assert.Equal(359, ServeInstance.ValueOf(Assert.Single(within.EnumerateArray())));
        Assert.Equal(0, beyond.GetArrayLength());
    }

    [Fact]
    public async Task LookbackDelta_Default_KeepsOlderSample()
    {
        await using var serve = await ServeInstance.StartAsync("", folder: await FolderWithSamplesAsync());

        var beyondMinute = await serve.QueryAsync("queue_depth", DateTimeOffset.FromUnixTimeMilliseconds(LastSampleMs + 90_000));
        var beyondDefault = await serve.QueryAsync("queue_depth", DateTimeOffset.FromUnixTimeMilliseconds(LastSampleMs + 301_000));

        Assert.Equal(359, ServeInstance.ValueOf(Assert.Single(beyondMinute.EnumerateArray())));
        Assert.Equal(0, beyondDefault.GetArrayLength());
    }

    [Fact]
    public async Task StatusFlags_ReportConfiguredLimits()
    {
        const string yaml = """
            query:
              lookback_delta: 90s
              timeout: 45s
              max_samples: 1000
              max_concurrency: 3
            """;
        await using var serve = await ServeInstance.StartAsync(yaml);

        var flags = await FlagsAsync(serve);

        Assert.Equal("1m30s", flags.GetProperty("query.lookback-delta").GetString());
        Assert.Equal("45s", flags.GetProperty("query.timeout").GetString());
        Assert.Equal("1000", flags.GetProperty("query.max-samples").GetString());
        Assert.Equal("3", flags.GetProperty("query.max-concurrency").GetString());
    }

    [Fact]
    public async Task Reload_ChangedQueryBlock_KeepsRunningLimits()
    {
        await using var serve = await ServeInstance.StartAsync("query:\n  lookback_delta: 1m\n", folder: await FolderWithSamplesAsync());

        await serve.ReloadAsync("query:\n  lookback_delta: 10m\n");
        var beyond = await serve.QueryAsync("queue_depth", DateTimeOffset.FromUnixTimeMilliseconds(LastSampleMs + 90_000));
        var flags = await FlagsAsync(serve);

        Assert.Equal(0, beyond.GetArrayLength());
        Assert.Equal("1m", flags.GetProperty("query.lookback-delta").GetString());
    }

    [Fact]
    public async Task MaxConcurrency_QueuedPastTimeout_Timeout503()
    {
        await using var serve = await ServeInstance.StartAsync("query:\n  max_concurrency: 1\n");

        // The quick query may wait 50 ms in all, so it times out whenever it lands while the slow
        // query has the only slot. One that lands while the slot is free succeeds, so repeat it,
        // and start the slow query again whenever it has finished.
        const string SlowQuery = "sum_over_time(sum_over_time(vector(1)[1h:1s])[1w:1m])";
        var slow = QueryAsync(serve, SlowQuery, null);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        HttpStatusCode status;
        JsonElement root;
        while (true)
        {
            if (slow.IsCompleted)
            {
                await slow;
                slow = QueryAsync(serve, SlowQuery, null);
            }

            (status, root) = await QueryAsync(serve, "vector(1)", null, "&timeout=0.05");
            if (status != HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                break;
            }
        }

        await slow;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("timeout", root.GetProperty("errorType").GetString());
        Assert.StartsWith("query timed out in ", root.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_RequestShorterThanConfigured_Timeout503()
    {
        await using var serve = await ServeInstance.StartAsync("query:\n  timeout: 10m\n");

        var (status, root) = await QueryAsync(serve, "sum_over_time(sum_over_time(vector(1)[1h:1s])[1d:1m])", null, "&timeout=0.001");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("timeout", root.GetProperty("errorType").GetString());
        Assert.StartsWith("query timed out in ", root.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1h")]
    [InlineData("100d")]
    public async Task Timeout_RequestLongerThanConfigured_Succeeds(string timeout)
    {
        await using var serve = await ServeInstance.StartAsync("query:\n  timeout: 10m\n");

        var (status, root) = await QueryAsync(serve, "vector(7)", null, "&timeout=" + timeout);

        Assert.Equal(HttpStatusCode.OK, status);
        var sample = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal("7", sample.GetProperty("value")[1].GetString());
    }

    /// <summary>Writes the <c>queue_depth</c> samples into the data folder of a new temporary folder.</summary>
    private static async Task<string> FolderWithSamplesAsync()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-query-limits-").FullName;
        using var store = Tsdb.Open(Path.Combine(folder, "data"));
        using var appender = store.CreateAppender();
        var labels = Labels.FromPairs("__name__", "queue_depth", "instance", "a");
        for (var i = 0; i < SampleCount; i++)
        {
            appender.Append(labels, LastSampleMs - ((SampleCount - 1 - i) * SampleIntervalMs), i);
        }

        await appender.CommitAsync();
        return folder;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Root)> QueryAsync(ServeInstance serve, string query, long? timeMs, string extra = "")
    {
        var uri = $"/api/v1/query?query={Uri.EscapeDataString(query)}{extra}";
        if (timeMs is { } at)
        {
            uri += "&time=" + (at / 1000.0).ToString(CultureInfo.InvariantCulture);
        }

        using var response = await serve.Client.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static async Task<JsonElement> FlagsAsync(ServeInstance serve)
    {
        var body = await serve.Client.GetStringAsync("/api/v1/status/flags");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("data").Clone();
    }
}

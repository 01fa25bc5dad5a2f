using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using InferScope.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Tests;

/// <summary>A reload that changes the <c>query</c> block keeps the running limits and logs one warning that a restart is needed.</summary>
public sealed class QueryLimitsSubscriberTests
{
    [Fact]
    public async Task Apply_SameLimits_LogsNothing()
    {
        var logger = new ListLogger();
        var running = new QueryConfig { MaxSamples = 100 };
        var subscriber = new QueryLimitsSubscriber(running, logger);

        await subscriber.ApplyAsync(new InferScopeConfig { Query = running }, CancellationToken.None);
        await subscriber.ApplyAsync(new InferScopeConfig { Query = new QueryConfig { MaxSamples = 100 } }, CancellationToken.None);

        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task Apply_ChangedLimits_WarnsOnceWithRunningValues()
    {
        var logger = new ListLogger();
        var running = new QueryConfig
        {
            LookbackDelta = TimeSpan.FromMinutes(1),
            Timeout = TimeSpan.FromSeconds(30),
            MaxSamples = 100,
            MaxConcurrency = 2,
            ReadParallelism = 1,
        };
        var subscriber = new QueryLimitsSubscriber(running, logger);
        await subscriber.ApplyAsync(new InferScopeConfig { Query = running, SourcePath = "/etc/inferscope.yaml" }, CancellationToken.None);

        await subscriber.ApplyAsync(new InferScopeConfig { Query = running with { MaxSamples = 200 }, SourcePath = "/etc/inferscope.yaml" }, CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(
            "The query block in /etc/inferscope.yaml changed, but query limits apply only at start; restart the server to use them. "
                + "Running with lookback_delta 1m, timeout 30s, max_samples 100, max_concurrency 2, read_parallelism 1",
            entry.Message);
    }

    [Fact]
    public async Task Apply_RemoteStorage_WarnsAtStartOnly()
    {
        var logger = new ListLogger();
        var subscriber = new QueryLimitsSubscriber(null, logger);
        var config = new InferScopeConfig { Query = new QueryConfig { Timeout = TimeSpan.FromSeconds(10) }, SourcePath = "/etc/inferscope.yaml" };

        await subscriber.ApplyAsync(config, CancellationToken.None);
        await subscriber.ApplyAsync(config, CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(
            "The query block in /etc/inferscope.yaml has no effect with storage mode remote; the remote store applies its own query limits",
            entry.Message);
    }

    [Fact]
    public async Task Apply_RemoteStorageWithoutQueryBlock_LogsNothing()
    {
        var logger = new ListLogger();
        var subscriber = new QueryLimitsSubscriber(null, logger);

        await subscriber.ApplyAsync(new InferScopeConfig(), CancellationToken.None);

        Assert.Empty(logger.Entries);
    }
}

using InferScope.Ingestion.Scraping;
using InferScope.Model;

namespace InferScope.Ingestion.Tests.Scraping;

public sealed class ScrapeManagerApplyTests
{
    [Fact]
    public async Task Apply_InvalidConfiguration_NamesFieldsAndKeepsOld()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        await harness.Manager.ApplyAsync([harness.Endpoint()]);
        var bad = harness.Endpoint("other") with
        {
            MetricsPublishFrequencySeconds = 301,
            SampleLimit = -1,
            Instances = [new ScrapeInstance { Address = "no-port" }, new ScrapeInstance { Address = "h:1", Engine = "vlm" }],
        };

        var error = await Assert.ThrowsAsync<ScrapeConfigurationException>(
            () => harness.Manager.ApplyAsync([harness.Endpoint(), bad]));

        Assert.Contains("endpoints[1].metrics_publish_frequency_seconds is 301; use a whole number from 1 to 300.", error.Errors);
        Assert.Contains(error.Errors, e => e.StartsWith("endpoints[1].sample_limit is -1", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("endpoints[1].instances[0].address \"no-port\" is invalid", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("endpoints[1].instances[1].engine \"vlm\" is unknown", StringComparison.Ordinal));
        Assert.Equal("chat", Assert.Single(harness.Manager.Endpoints).Name);
        Assert.Single(harness.Manager.GetTargets());
    }

    [Fact]
    public async Task Apply_DuplicateEndpointName_Rejected()
    {
        await using var harness = await ScrapeHarness.StartAsync();

        var error = await Assert.ThrowsAsync<ScrapeConfigurationException>(
            () => harness.Manager.ApplyAsync([harness.Endpoint(), harness.Endpoint()]));

        Assert.Equal("endpoints[1].name \"chat\" is used by an earlier endpoint; names must be unique.", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task Apply_ChangedSettings_KeepsLoopOfUntouchedTarget()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        var second = new ScrapeInstance { Address = "127.0.0.1:9" };
        await harness.Manager.ApplyAsync([harness.Endpoint(), harness.Endpoint("embed", second)]);
        var untouched = harness.Manager.FindLoop("chat", harness.Server.Address);
        var changed = harness.Manager.FindLoop("embed", second.Address);

        await harness.Manager.ApplyAsync(
        [
            harness.Endpoint(),
            harness.Endpoint("embed", second) with { MetricsPublishFrequencySeconds = 10, EnableDetailedObservability = false },
        ]);

        Assert.Same(untouched, harness.Manager.FindLoop("chat", harness.Server.Address));
        var updated = harness.Manager.FindLoop("embed", second.Address);
        Assert.Same(changed, updated);
        Assert.Equal(TimeSpan.FromSeconds(10), updated!.Target.Endpoint.Interval);
        Assert.False(updated.Target.Endpoint.EnableDetailedObservability);
    }

    [Fact]
    public async Task Apply_RemovedTarget_MarksItsSeriesStale()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);
        await harness.ScrapeAsync();

        await harness.Manager.ApplyAsync([]);

        Assert.Empty(harness.Manager.GetTargets());
        Assert.True(StaleMarker.IsStale(Assert.Single(harness.Storage.Find("__name__", "a")).Samples[^1].Value));
        Assert.True(StaleMarker.IsStale(Assert.Single(harness.Storage.Find("__name__", "up")).Samples[^1].Value));
    }

    [Fact]
    public async Task Apply_ChangedLabels_StalesOldSeries()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\n");
        await harness.Manager.ApplyAsync([harness.Endpoint("chat", new ScrapeInstance { Address = harness.Server.Address, Az = "az1" })]);
        await harness.ScrapeAsync();

        await harness.Manager.ApplyAsync([harness.Endpoint("chat", new ScrapeInstance { Address = harness.Server.Address, Az = "az2" })]);
        await harness.ScrapeAsync();

        Assert.True(StaleMarker.IsStale(Assert.Single(harness.Storage.Find("__name__", "a", "az", "az1")).Samples[^1].Value));
        Assert.Equal(1, Assert.Single(harness.Storage.Find("__name__", "a", "az", "az2")).Samples[^1].Value);
    }

    [Fact]
    public async Task Loop_RunsOnInterval_WithoutGapAcrossApply()
    {
        await using var harness = await ScrapeHarness.StartAsync(autoScrape: true);
        harness.Server.Set("/metrics", "a 1\n");
        var endpoint = harness.Endpoint() with { MetricsPublishFrequencySeconds = 1 };
        await harness.Manager.ApplyAsync([endpoint]);
        await WaitForAsync(() => harness.Storage.Find("__name__", "a").SingleOrDefault().Samples?.Count >= 2);

        await harness.Manager.ApplyAsync([endpoint, harness.Endpoint("other", new ScrapeInstance { Address = "127.0.0.1:9" })]);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var samples = Assert.Single(harness.Storage.Find("__name__", "a")).Samples;
        Assert.True(samples.Count >= 4, $"expected at least 4 scrapes, got {samples.Count}");
        // A late scrape on a busy machine may come up to an interval late; a missed one leaves two.
        for (var i = 1; i < samples.Count; i++)
        {
            Assert.InRange(samples[i].TimestampMs - samples[i - 1].TimestampMs, 500, 1999);
        }
    }

    internal static async Task WaitForAsync(Func<bool> condition, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {seconds}s");
            }

            await Task.Delay(50);
        }
    }
}

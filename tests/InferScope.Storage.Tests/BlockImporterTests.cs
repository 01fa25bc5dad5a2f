using InferScope.Model;

namespace InferScope.Storage.Tests;

public class BlockImporterTests
{
    private const long Hour = 3_600_000;

    [Fact]
    public void Import_WritesOneBlockPerRange()
    {
        using var folder = new TempFolder();
        var labels = Labels.FromPairs("__name__", "m", "job", "j");
        var other = Labels.FromPairs("__name__", "n");
        using (var importer = new BlockImporter(folder.Path))
        {
            // Newest first, with one timestamp twice: the later value wins.
            for (var t = (5 * Hour) - 15_000; t >= 0; t -= 15_000)
            {
                importer.Add(labels, t, t / 1000.0);
            }

            importer.Add(labels, 0, 42);
            importer.Add(other, Hour, StaleMarker.Value);
            Assert.Equal(1202, importer.SampleCount);
            Assert.Equal(2, importer.SeriesCount);

            var blocks = importer.WriteBlocks();
            Assert.Equal(3, blocks.Count);
        }

        using var store = Tsdb.Open(folder.Path, new TsdbOptions { TooNewTolerance = null });
        var all = StoreReading.ReadAll(store, [Matcher.Regex("__name__", ".+")]);
        var samples = all[labels];
        Assert.Equal(1200, samples.Count);
        Assert.Equal((0L, BitConverter.DoubleToUInt64Bits(42)), samples[0]);
        Assert.Equal((15_000L, BitConverter.DoubleToUInt64Bits(15)), samples[1]);
        Assert.Equal(StaleMarker.Bits, Assert.Single(all[other]).Bits);

        var stats = DiskStatistics.Compute(folder.Path);
        Assert.Equal(3, stats.Blocks);
        Assert.Equal(2, stats.Series);
        Assert.Equal(1201, stats.Samples);
        Assert.Equal(0, stats.MinTime);
        Assert.Equal(6 * Hour, stats.MaxTime);
        Assert.Equal("m", stats.HeaviestMetrics[0].MetricName);
        Assert.Equal(1200, stats.HeaviestMetrics[0].Samples);
        Assert.True(stats.BytesPerSample is > 0 and < 2, $"{stats.BytesPerSample} bytes per sample");
    }

    [Fact]
    public void Import_RejectsFolderInUse()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path);

        var error = Assert.Throws<IOException>(() => new BlockImporter(folder.Path));

        Assert.Contains("in use by another process", error.Message, StringComparison.Ordinal);
    }
}

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
    public void Read_RejectsChunkWithFlippedBit()
    {
        using var folder = new TempFolder();
        var labels = Labels.FromPairs("__name__", "m");
        using (var importer = new BlockImporter(folder.Path))
        {
            for (var t = 0L; t < Hour; t += 15_000)
            {
                importer.Add(labels, t, t / 7.0);
            }

            importer.WriteBlocks();
        }

        // The chunk data starts after the 8-byte file header, the encoding byte and a length varint.
        var chunksFile = Directory.GetFiles(folder.Path, "000001", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(chunksFile);
        bytes[20] ^= 0x10;
        File.WriteAllBytes(chunksFile, bytes);

        using var store = Tsdb.Open(folder.Path, new TsdbOptions { TooNewTolerance = null });
        var error = Assert.Throws<InvalidDataException>(() => StoreReading.ReadAll(store, [Matcher.Equal("__name__", "m")]));
        Assert.Contains("fails its checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains("Move its folder out of the data folder", error.Message, StringComparison.Ordinal);
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

using System.Globalization;
using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Storage.Tests;

public class BlockTests
{
    private const long Minute = 60_000;

    internal static readonly Matcher[] AllSeries = [Matcher.Regex("__name__", ".+")];

    /// <summary>Options with one-minute blocks, so minutes of samples make several blocks.</summary>
    internal static TsdbOptions NewOptions() => new()
    {
        TooNewTolerance = null,
        BlockDuration = TimeSpan.FromMinutes(1),
        MaxBlockDuration = TimeSpan.FromMinutes(9),
        CompactionInterval = TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task HeadCut_WritesBlocksReadAcrossHead()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, NewOptions());
        await AppendMinutesAsync(store, 0, 5);
        var before = StoreReading.ReadAll(store, AllSeries);

        await store.CompactAsync();

        Assert.True(store.BlockCount >= 2, $"{store.BlockCount} blocks");
        var after = StoreReading.ReadAll(store, AllSeries);
        Assert.Equal(5, after.Count);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(5 * 60, samples.Count);
            Assert.Equal(samples, after[labels]);
        }

        var ranged = StoreReading.ReadAll(store, [Matcher.Equal("s", "1")], 30_000, (3 * Minute) + 29_000);
        Assert.Equal(180, Assert.Single(ranged).Value.Count);
        Assert.Equal(30_000, ranged.Single().Value[0].Timestamp);
    }

    [Fact]
    public async Task Reopen_ReadsBlocksAndRejectsTheirRange()
    {
        using var folder = new TempFolder();
        Dictionary<Labels, List<(long, ulong)>> before;
        using (var store = Tsdb.Open(folder.Path, NewOptions()))
        {
            await AppendMinutesAsync(store, 0, 4);
            await store.CompactAsync();
            before = StoreReading.ReadAll(store, AllSeries);
        }

        using var reopened = Tsdb.Open(folder.Path, NewOptions());
        Assert.True(reopened.BlockCount >= 1);
        var after = StoreReading.ReadAll(reopened, AllSeries);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(samples, after[labels]);
        }

        using var appender = reopened.CreateAppender();
        Assert.Equal(AppendStatus.TooOld, appender.Append(Labels.FromPairs("__name__", "late"), 1000, 1));
    }

    [Fact]
    public async Task Compaction_MergesBlocksIntoLongerOnes()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, NewOptions());
        await AppendMinutesAsync(store, 0, 12);
        var before = StoreReading.ReadAll(store, AllSeries);

        await store.CompactAsync();

        var metas = Directory.GetDirectories(folder.Path).Where(d => File.Exists(Path.Combine(d, "meta.json")))
            .Select(d => File.ReadAllText(Path.Combine(d, "meta.json"))).ToList();
        Assert.Contains(metas, m => m.Contains("\"level\": 3", StringComparison.Ordinal));
        Assert.True(store.BlockCount < 10, $"{store.BlockCount} blocks");
        var after = StoreReading.ReadAll(store, AllSeries);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(samples, after[labels]);
        }
    }

    [Fact]
    public async Task OverlappingBlocks_MergeWithoutDuplicates()
    {
        using var folder = new TempFolder();
        var options = NewOptions();
        using (var first = Tsdb.Open(folder.Path, options))
        {
            await AppendMinutesAsync(first, 0, 3);
            await first.FlushHeadAsync();
        }

        // A second store writes a block over the same minutes with half the samples, as a backfill would.
        using (var other = new TempFolder())
        {
            using (var second = Tsdb.Open(other.Path, options))
            {
                await AppendMinutesAsync(second, 0, 3, stepMs: 2000);
                await second.FlushHeadAsync();
            }

            foreach (var block in Directory.GetDirectories(other.Path).Where(d => File.Exists(Path.Combine(d, "meta.json"))))
            {
                CopyFolder(block, Path.Combine(folder.Path, Path.GetFileName(block)));
            }
        }

        using var store = Tsdb.Open(folder.Path, options);
        await AppendMinutesAsync(store, 3, 10);
        await store.CompactAsync();
        var samples = StoreReading.ReadAll(store, [Matcher.Equal("s", "0")]).Single().Value;

        Assert.Equal(10 * 60, samples.Count);
        Assert.Equal(samples.Select(s => s.Timestamp).Distinct().Count(), samples.Count);
    }

    [Fact]
    public async Task RetentionByTime_DeletesOldBlocks()
    {
        using var folder = new TempFolder();
        var options = NewOptions();
        options.RetentionTime = TimeSpan.FromMinutes(5);
        options.MaxBlockDuration = TimeSpan.FromMinutes(1);
        using var store = Tsdb.Open(folder.Path, options);
        await AppendMinutesAsync(store, 0, 12);

        await store.CompactAsync();

        var samples = StoreReading.ReadAll(store, [Matcher.Equal("s", "0")]).Single().Value;
        Assert.True(samples[0].Timestamp >= 6 * Minute, $"oldest sample {samples[0].Timestamp}");
        Assert.Equal((12 * Minute) - 1000, samples[^1].Timestamp);
    }

    [Fact]
    public async Task RetentionBySize_KeepsNewestBlocks()
    {
        using var folder = new TempFolder();
        var options = NewOptions();
        options.MaxBlockDuration = TimeSpan.FromMinutes(1);
        using var store = Tsdb.Open(folder.Path, options);
        await AppendMinutesAsync(store, 0, 12);
        await store.CompactAsync();
        var blocks = store.BlockCount;
        var blockBytes = Directory.GetDirectories(folder.Path).Where(d => File.Exists(Path.Combine(d, "meta.json")))
            .Select(d => new DirectoryInfo(d).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)).Max();
        var walBytes = new DirectoryInfo(Path.Combine(folder.Path, "wal")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

        options.RetentionSizeBytes = walBytes + (3 * blockBytes);
        await store.CompactAsync();

        Assert.InRange(store.BlockCount, 1, blocks - 1);
        var remaining = new DirectoryInfo(folder.Path).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Name != "lock").Sum(f => f.Length);
        Assert.True(remaining <= options.RetentionSizeBytes, $"{remaining} bytes remain, limit {options.RetentionSizeBytes}");
        var samples = StoreReading.ReadAll(store, [Matcher.Equal("s", "0")]).Single().Value;
        Assert.Equal((12 * Minute) - 1000, samples[^1].Timestamp);
    }

    [Fact]
    public async Task OpenQuerier_SurvivesBlockDeletion()
    {
        using var folder = new TempFolder();
        var options = NewOptions();
        options.MaxBlockDuration = TimeSpan.FromMinutes(1);
        using var store = Tsdb.Open(folder.Path, options);
        await AppendMinutesAsync(store, 0, 6);
        await store.CompactAsync();
        using var querier = store.CreateQuerier(0, long.MaxValue);
        var series = querier.Select([Matcher.Equal("s", "2")]).Single();

        options.RetentionTime = TimeSpan.FromMinutes(1);
        await store.CompactAsync();

        var iterator = series.CreateIterator();
        var count = 0;
        while (iterator.MoveNext())
        {
            count++;
        }

        Assert.Equal(6 * 60, count);
    }

    [Fact]
    public async Task Querier_SeesSamplesOfLaterHeadCut()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, NewOptions());
        await AppendMinutesAsync(store, 0, 3);
        using var querier = store.CreateQuerier(0, long.MaxValue);

        // The cut writes minutes 0 and 1 to blocks and drops them from the head after the querier exists.
        await store.FlushHeadAsync();

        Assert.Equal(2, store.BlockCount);
        var series = querier.Select([Matcher.Equal("s", "1")]).Single();
        var iterator = series.CreateIterator();
        var count = 0;
        while (iterator.MoveNext())
        {
            count++;
        }

        Assert.Equal(3 * 60, count);
    }

    private static async Task AppendMinutesAsync(Tsdb store, int fromMinute, int toMinute, long stepMs = 1000)
    {
        for (var t = fromMinute * Minute; t < toMinute * Minute; t += stepMs)
        {
            using var appender = store.CreateAppender();
            for (var s = 0; s < 5; s++)
            {
                var status = appender.Append(Labels.FromPairs("__name__", "m", "s", s.ToString(CultureInfo.InvariantCulture)), t, Math.Sqrt(t) + s);
                Assert.Equal(AppendStatus.Ok, status);
            }

            await appender.CommitAsync();
        }
    }

    internal static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(source))
        {
            CopyFolder(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }
}

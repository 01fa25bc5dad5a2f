using InferScope.Model;
using Microsoft.Extensions.Logging;

namespace InferScope.Storage.Tests;

public class WalTests
{
    private static TsdbOptions NewOptions() => new() { TooNewTolerance = null, CompactionInterval = TimeSpan.FromHours(1) };

    private static readonly Matcher[] AllSeries = [Matcher.Regex("__name__", ".+")];

    [Fact]
    public async Task Reopen_ReplaysCommittedSamples()
    {
        using var folder = new TempFolder();
        Dictionary<Labels, List<(long, ulong)>> before;
        using (var store = Tsdb.Open(folder.Path, NewOptions()))
        {
            for (var i = 0; i < 20; i++)
            {
                await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m", "i", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)), (i * 1000L, i == 7 ? StaleMarker.Value : i * 0.1));
            }

            before = StoreReading.ReadAll(store, AllSeries);
        }

        using var reopened = Tsdb.Open(folder.Path, NewOptions());
        var after = StoreReading.ReadAll(reopened, AllSeries);

        Assert.Equal(3, after.Count);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(samples, after[labels]);
        }

        Assert.Equal(3, reopened.HeadSeriesCount);
    }

    [Fact]
    public async Task TornTail_IsTruncatedWithWarning()
    {
        using var folder = new TempFolder();
        await WriteBatchesAsync(folder.Path, 5);
        var segment = Path.Combine(folder.Path, "wal", "00000000");
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            // Cut the last frame short, as a crash in the middle of a write would.
            file.SetLength(length - 5);
        }

        var logs = new ListLoggerFactory();
        using var store = Tsdb.Open(folder.Path, NewOptions(), logs);
        var samples = Assert.Single(StoreReading.ReadAll(store, AllSeries)).Value;

        Assert.Equal([0, 1000, 2000, 3000], samples.Select(s => s.Item1));
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Message.Contains("torn or corrupt", StringComparison.Ordinal));
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m"), (4000, 4));
    }

    [Fact]
    public async Task CorruptFrame_DropsItAndLaterSegments()
    {
        using var folder = new TempFolder();
        await WriteBatchesAsync(folder.Path, 5);

        // The second open starts segment 1; its frames must go too when segment 0 is corrupt.
        using (var store = Tsdb.Open(folder.Path, NewOptions()))
        {
            await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m"), (10_000, 10));
        }

        var segment = Path.Combine(folder.Path, "wal", "00000000");
        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(segment, bytes);

        var logs = new ListLoggerFactory();
        using var reopened = Tsdb.Open(folder.Path, NewOptions(), logs);
        var samples = Assert.Single(StoreReading.ReadAll(reopened, AllSeries)).Value;

        Assert.True(samples.Count is > 0 and < 5, $"kept {samples.Count} samples");
        Assert.DoesNotContain(samples, s => s.Item1 == 10_000);
        Assert.Equal(0, new FileInfo(Path.Combine(folder.Path, "wal", "00000001")).Length);
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Message.Contains("Deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checkpoint_KeepsHeadAfterBlockCut()
    {
        using var folder = new TempFolder();
        var options = NewOptions();
        options.BlockDuration = TimeSpan.FromMinutes(1);
        options.WalSegmentSizeBytes = 64 * 1024;
        Dictionary<Labels, List<(long, ulong)>> before;
        using (var store = Tsdb.Open(folder.Path, options))
        {
            for (var t = 0L; t < 200_000; t += 1000)
            {
                using var appender = store.CreateAppender();
                for (var s = 0; s < 10; s++)
                {
                    appender.Append(Labels.FromPairs("__name__", "m", "s", s.ToString(System.Globalization.CultureInfo.InvariantCulture)), t, (t / 1000) + s);
                }

                await appender.CommitAsync();
            }

            await store.CompactAsync();
            Assert.True(store.BlockCount >= 1);
            before = StoreReading.ReadAll(store, AllSeries);
        }

        var walFolder = Path.Combine(folder.Path, "wal");
        Assert.Single(Directory.GetDirectories(walFolder, "checkpoint.*"));
        Assert.False(File.Exists(Path.Combine(walFolder, "00000000")));

        using var reopened = Tsdb.Open(folder.Path, options);
        var after = StoreReading.ReadAll(reopened, AllSeries);
        Assert.Equal(10, after.Count);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(200, samples.Count);
            Assert.Equal(samples, after[labels]);
        }
    }

    private static async Task WriteBatchesAsync(string path, int batches)
    {
        using var store = Tsdb.Open(path, NewOptions());
        for (var i = 0; i < batches; i++)
        {
            await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "m"), (i * 1000L, i));
        }
    }
}

using System.Globalization;
using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Storage.Blocks;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Tests;

public class DifferenceCodingTests
{
    private const long Minute = 60_000;

    private static readonly string[] Bounds = ["0.1", "0.5", "1", "2.5", "10", "+Inf"];

    private static readonly Matcher[] AllSeries = BlockTests.AllSeries;

    [Fact]
    public void FindBases_PairsBucketsAndCount()
    {
        var series = Histogram("latency", "a").Concat(Histogram("latency", "b"))
            .OrderBy(s => s.Labels, Comparer<Labels>.Create(Labels.Compare))
            .ToList();
        var bases = DifferenceCoding.FindBases(series);

        string Describe(int id) => id < 0 ? "none" : $"{series[id].Labels.MetricName}{{{series[id].Labels.Get("le")},{series[id].Labels.Get("pod")}}}";
        var pairs = series.Select((s, i) => (Own: Describe(i), Base: Describe(bases[i]))).ToDictionary(p => p.Own, p => p.Base);
        Assert.Equal("latency_bucket{0.5,a}", pairs["latency_bucket{0.1,a}"]);
        Assert.Equal("latency_bucket{1,a}", pairs["latency_bucket{0.5,a}"]);
        Assert.Equal("latency_bucket{+Inf,b}", pairs["latency_bucket{10,b}"]);
        Assert.Equal("none", pairs["latency_bucket{+Inf,a}"]);
        Assert.Equal("latency_bucket{+Inf,b}", pairs["latency_count{,b}"]);
        Assert.Equal("none", pairs["latency_sum{,a}"]);
    }

    [Fact]
    public void FindBases_RestartsLongChains()
    {
        var series = Enumerable.Range(0, 70)
            .Select(i => new BlockSeries(Labels.FromPairs("__name__", "wide_bucket", "le", i.ToString(CultureInfo.InvariantCulture)), []))
            .Append(new BlockSeries(Labels.FromPairs("__name__", "wide_bucket", "le", "+Inf"), []))
            .OrderBy(s => s.Labels, Comparer<Labels>.Create(Labels.Compare))
            .ToList();

        var bases = DifferenceCoding.FindBases(series);

        var roots = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var depth = 0;
            for (var id = i; bases[id] >= 0; id = bases[id])
            {
                depth++;
            }

            Assert.True(depth < DifferenceCoding.MaxChainLength, $"{series[i].Labels} is {depth} links from its root");
            roots += bases[i] < 0 ? 1 : 0;
        }

        Assert.Equal(3, roots);
    }

    [Fact]
    public async Task WideHistogram_ReadsBackFromBlocks()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        var cumulative = new double[80];
        for (var t = 0L; t < 3 * Minute; t += 15_000)
        {
            using var appender = store.CreateAppender();
            for (var b = 0; b < cumulative.Length; b++)
            {
                cumulative[b] += b + (t / 15_000);
                var le = b == cumulative.Length - 1 ? "+Inf" : b.ToString(CultureInfo.InvariantCulture);
                appender.Append(Labels.FromPairs("__name__", "wide_bucket", "le", le), t, cumulative[b]);
            }

            await appender.CommitAsync();
        }

        var before = StoreReading.ReadAll(store, AllSeries);
        await store.CompactAsync();

        Assert.True(store.BlockCount >= 1, $"{store.BlockCount} blocks");
        Assert.Contains(ChunkEncoding.PackedDifference, ChunkEncodings(folder.Path));
        var after = StoreReading.ReadAll(store, AllSeries);
        Assert.Equal(80, after.Count);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(samples, after[labels]);
        }
    }

    [Fact]
    public async Task Blocks_ReadDifferencesBack()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        await AppendHistogramAsync(store, minutes: 3);
        var before = StoreReading.ReadAll(store, AllSeries);

        await store.CompactAsync();

        Assert.True(store.BlockCount >= 2, $"{store.BlockCount} blocks");
        var encodings = ChunkEncodings(folder.Path);
        Assert.Contains(ChunkEncoding.PackedDifference, encodings);
        var after = StoreReading.ReadAll(store, AllSeries);
        Assert.Equal(before.Count, after.Count);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(samples, after[labels]);
        }

        // One bucket alone, without its neighbours in the same query, still decodes through its chain.
        var top = StoreReading.ReadAll(store, [Matcher.Equal("__name__", "latency_count")]);
        Assert.Equal(before[Assert.Single(top).Key], top.Single().Value);
    }

    [Fact]
    public async Task Compaction_KeepsDifferencesExact()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        await AppendHistogramAsync(store, minutes: 12);
        var before = StoreReading.ReadAll(store, AllSeries);

        await store.CompactAsync();

        var metas = Directory.GetDirectories(folder.Path).Select(d => Path.Combine(d, "meta.json")).Where(File.Exists).Select(File.ReadAllText).ToList();
        Assert.Contains(metas, m => m.Contains("\"level\": 3", StringComparison.Ordinal));
        Assert.Contains(ChunkEncoding.PackedDifference, ChunkEncodings(folder.Path));
        var after = StoreReading.ReadAll(store, AllSeries);
        foreach (var (labels, samples) in before)
        {
            Assert.Equal(samples, after[labels]);
        }
    }

    [Fact]
    public async Task ReadSamples_MatchesIteratorOverBlocksAndHead()
    {
        using var folder = new TempFolder();
        using var store = Tsdb.Open(folder.Path, BlockTests.NewOptions());
        await AppendHistogramAsync(store, minutes: 3);
        await store.CompactAsync();
        await StoreReading.AppendAsync(store, Labels.FromPairs("__name__", "latency_count"), (3 * Minute, 1e9), (3 * Minute + 1000, 1e9 + 5));
        Assert.True(store.BlockCount >= 2, $"{store.BlockCount} blocks");

        var random = new Random(3);
        var batch = new SampleBatch();
        for (var round = 0; round < 20; round++)
        {
            var from = random.NextInt64(-Minute, 3 * Minute);
            var to = from + random.NextInt64(0, 3 * Minute);
            using var querier = store.CreateQuerier(from - random.Next(0, 5000), to + random.Next(0, 5000));
            var read = 0;
            foreach (var series in querier.Select(AllSeries))
            {
                var expected = new List<(long, ulong)>();
                var iterator = series.CreateIterator();
                if (iterator.Seek(from))
                {
                    do
                    {
                        if (iterator.Timestamp > to)
                        {
                            break;
                        }

                        expected.Add((iterator.Timestamp, BitConverter.DoubleToUInt64Bits(iterator.Value)));
                    }
                    while (iterator.MoveNext());
                }

                batch.Clear();
                series.ReadSamples(from, to, batch);
                var actual = Enumerable.Range(0, batch.Count).Select(i => (batch.Timestamps[i], BitConverter.DoubleToUInt64Bits(batch.Values[i]))).ToList();
                Assert.Equal(expected, actual);
                read += actual.Count;
            }

            Assert.True(to - from < 2000 || read > 0, $"nothing read in [{from}, {to}]");
        }
    }

    [Fact]
    public void ReadSamples_WideHistogram_MatchesIterator()
    {
        // 80 buckets in six blocks are 480 chunks per histogram, more slots than a new ring has.
        using var folder = new TempFolder();
        const int buckets = 80;
        using (var importer = new BlockImporter(folder.Path))
        {
            for (var pod = 0; pod < 2; pod++)
            {
                var cumulative = new double[buckets];
                for (var t = 0L; t < 12 * 60 * Minute; t += Minute)
                {
                    for (var b = 0; b < buckets; b++)
                    {
                        cumulative[b] += (b * (pod + 1)) + ((t / Minute) % 7);
                        var le = b == buckets - 1 ? "+Inf" : b.ToString(CultureInfo.InvariantCulture);
                        importer.Add(Labels.FromPairs("__name__", "wide_bucket", "le", le, "pod", $"p{pod}"), t, cumulative[b]);
                    }
                }
            }

            importer.WriteBlocks();
        }

        Assert.Contains(ChunkEncoding.PackedDifference, ChunkEncodings(folder.Path));
        using var store = Tsdb.Open(folder.Path);
        Assert.True(store.BlockCount >= 6, $"{store.BlockCount} blocks");
        using var querier = store.CreateQuerier(long.MinValue, long.MaxValue);
        var selected = querier.Select(AllSeries).ToList();
        Assert.Equal(2 * buckets, selected.Count);
        var expected = selected.Select(series =>
        {
            var samples = new List<(long, ulong)>();
            var iterator = series.CreateIterator();
            while (iterator.MoveNext())
            {
                samples.Add((iterator.Timestamp, BitConverter.DoubleToUInt64Bits(iterator.Value)));
            }

            return samples;
        }).ToList();

        static List<(long, ulong)> Read(ISeries series, SampleBatch batch)
        {
            batch.Clear();
            series.ReadSamples(long.MinValue, long.MaxValue, batch);
            return [.. Enumerable.Range(0, batch.Count).Select(i => (batch.Timestamps[i], BitConverter.DoubleToUInt64Bits(batch.Values[i])))];
        }

        // Read one histogram after the other, as queries read them, each chunk is decoded about
        // once: the ring grows rather than evict a chunk decoded for the histogram at hand.
        var serial = new SampleBatch();
        var before = DecodedChunkRing.Decodes;
        foreach (var i in Enumerable.Range(0, selected.Count).OrderBy(i => selected[i].Labels.Get("pod"), StringComparer.Ordinal))
        {
            Assert.Equal(expected[i], Read(selected[i], serial));
        }

        var chunks = 2 * buckets * store.BlockCount;
        var decoded = DecodedChunkRing.Decodes - before;
        Assert.InRange(decoded, chunks / 2, chunks + (6 * store.BlockCount));

        foreach (var i in Enumerable.Range(0, selected.Count).Reverse())
        {
            Assert.Equal(expected[i], Read(selected[i], serial));
        }

        Parallel.For(0, 4 * selected.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, () => new SampleBatch(), (k, _, batch) =>
        {
            var i = k % selected.Count;
            Assert.Equal(expected[i], Read(selected[i], batch));
            return batch;
        }, _ => { });
    }

    [Fact]
    public void Writer_RejectsUnalignedBase()
    {
        long[] timestamps = [0, 15_000, 30_000, 45_000];
        double[] values = [1, 2, 3, 4];
        var shifted = new DecodedChunk([0, 15_000, 30_000, 45_001], [0, 1, 1, 2]);
        var aligned = new DecodedChunk([0, 15_000, 30_000, 45_000], [0, 1, 1, 2]);
        var fractional = new DecodedChunk([0, 15_000, 30_000, 45_000], [0, 1.0 / 3, 1, 2]);

        Assert.Null(DifferenceChunkWriter.TryEncode(timestamps, values, shifted, 0, 0));
        Assert.Null(DifferenceChunkWriter.TryEncode(timestamps, values, fractional, 0, 0));
        Assert.NotNull(DifferenceChunkWriter.TryEncode(timestamps, values, aligned, 0, 0));
    }

    private static List<BlockSeries> Histogram(string name, string pod)
    {
        var result = new List<BlockSeries>();
        foreach (var bound in Bounds)
        {
            result.Add(new BlockSeries(Labels.FromPairs("__name__", name + "_bucket", "le", bound, "pod", pod), []));
        }

        result.Add(new BlockSeries(Labels.FromPairs("__name__", name + "_count", "pod", pod), []));
        result.Add(new BlockSeries(Labels.FromPairs("__name__", name + "_sum", "pod", pod), []));
        return result;
    }

    /// <summary>Appends a latency histogram with the count of each bucket's own range drawn at random, every second.</summary>
    private static async Task AppendHistogramAsync(Tsdb store, int minutes)
    {
        var random = new Random(11);
        var cumulative = new double[Bounds.Length];
        var sum = 0.0;
        for (var t = 0L; t < minutes * Minute; t += 1000)
        {
            var own = 0.0;
            for (var b = 0; b < Bounds.Length; b++)
            {
                own += random.Next(0, 40);
                cumulative[b] += own;
            }

            sum += random.NextDouble() * 50;
            using var appender = store.CreateAppender();
            for (var b = 0; b < Bounds.Length; b++)
            {
                appender.Append(Labels.FromPairs("__name__", "latency_bucket", "le", Bounds[b]), t, cumulative[b]);
            }

            appender.Append(Labels.FromPairs("__name__", "latency_count"), t, cumulative[^1]);
            appender.Append(Labels.FromPairs("__name__", "latency_sum"), t, sum);
            await appender.CommitAsync();
        }
    }

    /// <summary>Returns the encoding byte of every chunk in every block's chunks files.</summary>
    private static List<ChunkEncoding> ChunkEncodings(string folder)
    {
        var result = new List<ChunkEncoding>();
        foreach (var file in Directory.GetFiles(folder, "0*", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "chunks"))
        {
            var bytes = File.ReadAllBytes(file);
            var offset = 8;
            while (offset < bytes.Length)
            {
                result.Add((ChunkEncoding)bytes[offset]);
                var length = 0;
                var shift = 0;
                var position = offset + 1;
                while (true)
                {
                    var b = bytes[position++];
                    length |= (b & 0x7f) << shift;
                    shift += 7;
                    if (b < 0x80)
                    {
                        break;
                    }
                }

                offset = position + length + 4;
            }
        }

        return result;
    }
}

using InferScope.Model;
using InferScope.PromQL.Engine;
using InferScope.PromQL.Testing;
using InferScope.Storage;

namespace InferScope.PromQL.Tests;

/// <summary>
/// Queries over blocks on disk must give exactly what they give over the in-memory store. The
/// blocks are decoded a whole chunk at a time, and on several threads from 16 series and about
/// 20,000 samples on.
/// </summary>
public sealed class BlockReadTests : IDisposable
{
    private static readonly string[] Queries =
    [
        "llm_request_latency_seconds_bucket",
        "rate(llm_request_latency_seconds_bucket[5m])",
        "histogram_quantile(0.9, sum by (le, az) (rate(llm_request_latency_seconds_bucket[5m])))",
        "max_over_time(gpu_temperature_celsius[10m])",
        "topk(3, gpu_temperature_celsius)",
        "sum by (az) (increase(llm_requests_total[1h]))",
        "count_over_time(llm_request_latency_seconds_bucket[2h])",
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("inferscope-block-read-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task BlockStore_MatchesMemoryStore()
    {
        var data = Fleet(instances: 12, hours: 5);
        var memory = new ScratchStore();
        using (var importer = new BlockImporter(folder))
        {
            foreach (var (labels, samples) in data)
            {
                foreach (var (timestamp, value) in samples)
                {
                    importer.Add(labels, timestamp, value);
                    memory.Add(labels, timestamp, value);
                }
            }

            importer.WriteBlocks();
        }

        using var tsdb = Tsdb.Open(folder);
        Assert.True(tsdb.BlockCount >= 2, $"{tsdb.BlockCount} blocks");
        using var reference = new LocalQueryEngine(memory);
        using var serial = new LocalQueryEngine(tsdb, new QueryEngineOptions { MaxReadParallelism = 1 });
        using var parallel = new LocalQueryEngine(tsdb, new QueryEngineOptions { MaxReadParallelism = 4 });
        var start = DateTimeOffset.FromUnixTimeMilliseconds(Origin).AddMinutes(3);
        (DateTimeOffset End, TimeSpan Step)[] windows = [(start.AddHours(1), TimeSpan.FromSeconds(15)), (start.AddHours(4.9), TimeSpan.FromMinutes(7))];
        foreach (var query in Queries)
        {
            foreach (var (end, step) in windows)
            {
                var expected = Describe(await reference.RangeQueryAsync(query, start, end, step));
                Assert.True(expected.Count > 0, $"{query} returned nothing");
                Assert.Equal(expected, Describe(await serial.RangeQueryAsync(query, start, end, step)));
                Assert.Equal(expected, Describe(await parallel.RangeQueryAsync(query, start, end, step)));
            }
        }
    }

    [Fact]
    public async Task ParallelRead_ReportsLimitsAsQueryErrors()
    {
        using (var importer = new BlockImporter(folder))
        {
            foreach (var (labels, samples) in Fleet(instances: 12, hours: 3))
            {
                foreach (var (timestamp, value) in samples)
                {
                    importer.Add(labels, timestamp, value);
                }
            }

            importer.WriteBlocks();
        }

        using var tsdb = Tsdb.Open(folder);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(Origin);
        using var small = new LocalQueryEngine(tsdb, new QueryEngineOptions { MaxReadParallelism = 4, MaxSamples = 10_000 });
        var tooMany = await Assert.ThrowsAsync<QueryException>(() => small.RangeQueryAsync("rate(llm_request_latency_seconds_bucket[5m])", start, start.AddHours(3), TimeSpan.FromMinutes(1)));
        Assert.Equal(QueryErrorType.Execution, tooMany.ErrorType);
        Assert.Contains("too many samples", tooMany.Message, StringComparison.Ordinal);

        // Sorting every three-hour window of every bucket takes far longer than the millisecond allowed.
        using var hurried = new LocalQueryEngine(tsdb, new QueryEngineOptions { MaxReadParallelism = 4, Timeout = TimeSpan.FromMilliseconds(1) });
        var late = await Assert.ThrowsAsync<QueryException>(() => hurried.RangeQueryAsync("quantile_over_time(0.5, llm_request_latency_seconds_bucket[3h])", start, start.AddHours(3), TimeSpan.FromSeconds(15)));
        Assert.Equal(QueryErrorType.Timeout, late.ErrorType);
    }

    private const long Origin = 1_767_571_200_000;

    private static List<string> Describe(QueryResult result) =>
        [.. result.Series.Select(s => $"{s.Labels} {string.Join(' ', s.Points.Select(p => $"{p.TimestampMs}:{BitConverter.DoubleToUInt64Bits(p.Value):x}"))}")];

    /// <summary>Per instance a request counter with one reset, an eight-bucket latency histogram and four GPU temperatures, every 15 s.</summary>
    private static Dictionary<Labels, List<(long, double)>> Fleet(int instances, int hours)
    {
        var random = new Random(17);
        var data = new Dictionary<Labels, List<(long, double)>>();
        string[] bounds = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"];
        void Add(Labels labels, long t, double value)
        {
            if (!data.TryGetValue(labels, out var list))
            {
                data.Add(labels, list = []);
            }

            list.Add((t, value));
        }

        for (var n = 0; n < instances; n++)
        {
            var az = $"zone-{n % 3}";
            var instance = $"10.0.0.{n}:8000";
            var cumulative = new double[bounds.Length];
            var requests = 0.0;
            for (var i = 0; i < hours * 240; i++)
            {
                var t = Origin + (i * 15_000L) + random.Next(0, 300);
                var served = random.Next(0, 12);
                requests = i == 500 && n == 1 ? 0 : requests + served;
                var own = 0.0;
                for (var b = 0; b < bounds.Length; b++)
                {
                    own += random.Next(0, 3) * served;
                    cumulative[b] += own;
                    Add(Labels.FromPairs("__name__", "llm_request_latency_seconds_bucket", "az", az, "instance", instance, "le", bounds[b]), t, cumulative[b]);
                }

                Add(Labels.FromPairs("__name__", "llm_requests_total", "az", az, "instance", instance), t, requests);
                for (var gpu = 0; gpu < 4; gpu++)
                {
                    Add(Labels.FromPairs("__name__", "gpu_temperature_celsius", "az", az, "instance", instance, "gpu", $"{gpu}"), t, 50 + Math.Round(10 * Math.Sin((i + n + gpu) / 30.0), 2));
                }
            }
        }

        return data;
    }
}

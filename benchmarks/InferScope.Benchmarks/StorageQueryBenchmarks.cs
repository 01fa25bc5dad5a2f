using System.Globalization;
using BenchmarkDotNet.Attributes;
using InferScope.Model;
using InferScope.Storage;

namespace InferScope.Benchmarks;

/// <summary>
/// Selects and iterates series from the head and from blocks: 1,000 series of 2 h at 15 s (480
/// samples each). The data folder is written once in setup.
/// </summary>
[MemoryDiagnoser]
public class StorageQueryBenchmarks
{
    private const long Start = 1_764_806_400_000;

    private string folder = string.Empty;
    private Tsdb head = null!;
    private Tsdb blocks = null!;

    [GlobalSetup]
    public void Setup()
    {
        folder = Path.Combine(Path.GetTempPath(), "inferscope-query-bench-" + Guid.NewGuid().ToString("N")[..8]);
        head = Tsdb.CreateInMemory(new TsdbOptions { TooNewTolerance = null });
        using (var importer = new BlockImporter(folder))
        {
            using var appender = head.CreateAppender();
            for (var i = 0; i < 1000; i++)
            {
                var labels = Labels.FromPairs("__name__", "m" + (i % 10).ToString(CultureInfo.InvariantCulture), "i", i.ToString(CultureInfo.InvariantCulture));
                for (var s = 0; s < 480; s++)
                {
                    var value = Math.Round(s * 1.5 + i, 1);
                    importer.Add(labels, Start + (s * 15_000L), value);
                    appender.Append(labels, Start + (s * 15_000L), value);
                }
            }

            appender.CommitAsync().AsTask().GetAwaiter().GetResult();
            importer.WriteBlocks();
        }

        blocks = Tsdb.Open(folder, new TsdbOptions { TooNewTolerance = null });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        head.Dispose();
        blocks.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark]
    public double SelectIterateHead() => SelectIterate(head);

    [Benchmark]
    public double SelectIterateBlocks() => SelectIterate(blocks);

    private static double SelectIterate(Tsdb store)
    {
        using var querier = store.CreateQuerier(Start, Start + 7_200_000);
        double sum = 0;
        foreach (var series in querier.Select([Matcher.Regex("__name__", "m.*")]))
        {
            var iterator = series.CreateIterator();
            while (iterator.MoveNext())
            {
                sum += iterator.Value;
            }
        }

        return sum;
    }
}

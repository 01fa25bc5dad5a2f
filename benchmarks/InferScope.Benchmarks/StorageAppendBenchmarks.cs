using System.Globalization;
using BenchmarkDotNet.Attributes;
using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Storage;

namespace InferScope.Benchmarks;

/// <summary>
/// Appends to an in-memory store: 1,000 series per commit, the size of a large scrape, for
/// <see cref="Scrapes"/> scrapes 15 s apart. Samples per second per core is
/// <c>Scrapes * 1000 / mean time</c>, since appends run on one thread.
/// </summary>
[MemoryDiagnoser]
public class StorageAppendBenchmarks
{
    private const int SeriesPerScrape = 1000;

    private Labels[] labels = [];

    [Params(120)]
    public int Scrapes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        labels = [.. Enumerable.Range(0, SeriesPerScrape).Select(i => Labels.FromPairs(
            "__name__", "vllm:time_to_first_token_seconds_bucket",
            "instance", "10.0.0." + (i / 20).ToString(CultureInfo.InvariantCulture) + ":8000",
            "job", "vllm",
            "le", (i % 20).ToString(CultureInfo.InvariantCulture)))];
    }

    [Benchmark]
    public async Task<long> AppendScrapes()
    {
        using var store = Tsdb.CreateInMemory(new TsdbOptions { TooNewTolerance = null });
        for (var scrape = 0; scrape < Scrapes; scrape++)
        {
            using var appender = store.CreateAppender();
            var timestamp = scrape * 15_000L;
            for (var i = 0; i < labels.Length; i++)
            {
                appender.Append(labels[i], timestamp, scrape * (i + 1));
            }

            await appender.CommitAsync();
        }

        return store.Counters.SamplesCommitted;
    }
}

using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.PromQL.Engine;

/// <summary>Reads the samples of selected series, decoding on several cores when the store allows it and there is enough to read.</summary>
internal sealed partial class Evaluator
{
    /// <summary>Below this many series, reading on one thread costs less than spreading the work.</summary>
    private const int ParallelReadMinSeries = 16;

    /// <summary>
    /// Below this many samples, estimated at one sample per 15 s per series, reading on one thread
    /// costs less than spreading the work. An instant query over a few dozen series stays on one thread.
    /// </summary>
    private const long ParallelReadMinSamples = 20_000;

    /// <summary>
    /// Selects the series the matchers accept and maps each one's samples in
    /// [<paramref name="minT"/>, <paramref name="maxT"/>] to a result, kept in selection order.
    /// <paramref name="map"/> may run on several threads at once, each with its own batch.
    /// </summary>
    private List<TResult> ReadSelected<TResult>(IReadOnlyList<Matcher> matchers, long minT, long maxT, Func<ISeries, SampleBatch, TResult?> map)
        where TResult : class
    {
        using var querier = storage.CreateQuerier(minT, maxT);
        var selected = querier.Select(matchers, cancellationToken);
        var all = selected as IReadOnlyList<ISeries> ?? [.. selected];
        var mapped = new TResult?[all.Count];
        var degree = Math.Min(options.MaxReadParallelism, Environment.ProcessorCount);
        var estimatedSamples = all.Count * Math.Max(1, (maxT - minT) / 15_000);
        if (!querier.ReadsInParallel || degree <= 1 || all.Count < ParallelReadMinSeries || estimatedSamples < ParallelReadMinSamples)
        {
            var batch = new SampleBatch();
            for (var i = 0; i < all.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                all[i].ReadSamples(minT, maxT, batch);
                mapped[i] = map(all[i], batch);
            }
        }
        else
        {
            // Contiguous ranges keep the buckets of one histogram, which share decoded base chunks, on one thread.
            var ranges = Partitioner.Create(0, all.Count, Math.Max(16, all.Count / (4 * degree)));
            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = degree };
            try
            {
                Parallel.ForEach(ranges, parallel, () => new SampleBatch(), (range, _, batch) =>
                {
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        batch.Clear();
                        all[i].ReadSamples(minT, maxT, batch);
                        mapped[i] = map(all[i], batch);
                    }

                    return batch;
                }, _ => { });
            }
            catch (AggregateException e)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }

        var results = new List<TResult>(all.Count);
        foreach (var result in mapped)
        {
            if (result is not null)
            {
                results.Add(result);
            }
        }

        return results;
    }
}

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
        var order = BucketsTogether(all);
        var mapped = new TResult?[all.Count];
        var degree = Math.Min(options.MaxReadParallelism, Environment.ProcessorCount);
        var estimatedSamples = all.Count * Math.Max(1, (maxT - minT) / 15_000);
        if (!querier.ReadsInParallel || degree <= 1 || all.Count < ParallelReadMinSeries || estimatedSamples < ParallelReadMinSamples)
        {
            var batch = new SampleBatch();
            for (var j = 0; j < all.Count; j++)
            {
                var i = order[j];
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                all[i].ReadSamples(minT, maxT, batch);
                mapped[i] = map(all[i], batch);
            }
        }
        else
        {
            // Contiguous ranges of the read order keep the buckets of one histogram, which share decoded base chunks, on one thread.
            var ranges = Partitioner.Create(0, all.Count, Math.Max(16, all.Count / (4 * degree)));
            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = degree };
            try
            {
                Parallel.ForEach(ranges, parallel, () => new SampleBatch(), (range, _, batch) =>
                {
                    for (var j = range.Item1; j < range.Item2; j++)
                    {
                        var i = order[j];
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

    /// <summary>
    /// Returns the order to read series in: selection order, except that the buckets of one
    /// histogram are read one after another. Series are sorted by labels, so buckets of several
    /// histograms interleave when a label after <c>le</c>, such as <c>pod</c>, differs between them.
    /// A store that codes each bucket against the next decodes every chunk once only when the
    /// buckets of a histogram come together. Results keep selection order.
    /// </summary>
    private static int[] BucketsTogether(IReadOnlyList<ISeries> all)
    {
        var order = new int[all.Count];
        var anyBucket = false;
        for (var i = 0; i < all.Count; i++)
        {
            order[i] = i;
            anyBucket |= all[i].Labels.Get(LabelNames.BucketBound) is not null;
        }

        if (!anyBucket)
        {
            return order;
        }

        var groupOf = new Dictionary<Labels, int>();
        var groups = new List<List<int>>();
        var interleaved = false;
        for (var i = 0; i < all.Count; i++)
        {
            var labels = all[i].Labels;
            if (labels.Get(LabelNames.BucketBound) is null)
            {
                groups.Add([i]);
                continue;
            }

            var histogram = labels.Without([LabelNames.BucketBound]);
            if (groupOf.TryGetValue(histogram, out var group))
            {
                interleaved |= group != groups.Count - 1;
                groups[group].Add(i);
            }
            else
            {
                groupOf.Add(histogram, groups.Count);
                groups.Add([i]);
            }
        }

        if (interleaved)
        {
            var next = 0;
            foreach (var group in groups)
            {
                foreach (var i in group)
                {
                    order[next++] = i;
                }
            }
        }

        return order;
    }
}

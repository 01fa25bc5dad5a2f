using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Storage.Blocks;
using InferScope.Storage.Chunks;
using InferScope.Storage.Head;

namespace InferScope.Storage.Querying;

/// <summary>
/// Reads the head and the blocks that overlap a time range. Series found in several sources are
/// merged by label set; their chunks are referenced, not copied, and decoded while iterating.
/// Each read takes the head's chunks first and then the current blocks. A head cut publishes its
/// block before it drops those chunks from the head, so a read that overlaps a cut finds every
/// sample in the head's chunks, in the new block, or in both. The blocks stay open until the
/// querier is disposed.
/// </summary>
internal sealed class TsdbQuerier : IQuerier
{
    private readonly MemHead head;
    private readonly Func<long, long, List<BlockReader>> acquireBlocks;
    private readonly List<BlockReader> acquired = [];
    private readonly Lock gate = new();
    private readonly long minTime;
    private readonly long maxTime;
    private bool disposed;

    /// <param name="acquireBlocks">Returns the blocks that overlap a range, each with a reference taken for this querier.</param>
    public TsdbQuerier(MemHead head, Func<long, long, List<BlockReader>> acquireBlocks, long minTime, long maxTime)
    {
        this.head = head;
        this.acquireBlocks = acquireBlocks;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    /// <summary>From this many blocks in range, a select reads the blocks' indexes on several threads.</summary>
    private const int ParallelSelectMinBlocks = 4;

    /// <summary>Selected series are immutable views of chunks, so many threads can decode them at once.</summary>
    public bool ReadsInParallel => true;

    public IEnumerable<ISeries> Select(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ObjectDisposedException.ThrowIf(disposed, this);
        var headSeries = SelectHead(matchers, cancellationToken);
        var blocks = AcquireBlocks();
        var perBlock = new List<ChunkSeries>[blocks.Count];
        if (blocks.Count >= ParallelSelectMinBlocks && Environment.ProcessorCount > 1)
        {
            // Each block's index is read on its own, so a query over a long range reads them side by side.
            try
            {
                Parallel.For(0, blocks.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => perBlock[i] = blocks[i].Select(matchers, minTime, maxTime, cancellationToken));
            }
            catch (AggregateException e)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
        else
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                perBlock[i] = blocks[i].Select(matchers, minTime, maxTime, cancellationToken);
            }
        }

        var sources = new List<List<ChunkSeries>>(blocks.Count + 1);
        sources.AddRange(perBlock);
        sources.Add(headSeries);
        return Merge(sources);
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (matchers.Count == 0)
        {
            names.UnionWith(head.LabelNames());
            foreach (var block in AcquireBlocks())
            {
                names.UnionWith(block.LabelNames());
            }
        }
        else
        {
            foreach (var series in Select(matchers, cancellationToken))
            {
                foreach (var label in series.Labels)
                {
                    names.Add(label.Name);
                }
            }
        }

        var result = names.ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(matchers);
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (matchers.Count == 0)
        {
            values.UnionWith(head.LabelValues(name));
            foreach (var block in AcquireBlocks())
            {
                values.UnionWith(block.LabelValues(name));
            }
        }
        else
        {
            foreach (var series in Select(matchers, cancellationToken))
            {
                var value = series.Labels.Get(name);
                if (value is not null)
                {
                    values.Add(value);
                }
            }
        }

        var result = values.ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        lock (gate)
        {
            foreach (var block in acquired)
            {
                block.Release();
            }

            acquired.Clear();
        }
    }

    /// <summary>Returns the blocks that overlap the querier's range now, keeping them open until the querier is disposed.</summary>
    private List<BlockReader> AcquireBlocks()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var blocks = acquireBlocks(minTime, maxTime);
        lock (gate)
        {
            acquired.AddRange(blocks);
        }

        return blocks;
    }

    private List<ChunkSeries> SelectHead(IReadOnlyList<Matcher> matchers, CancellationToken cancellationToken)
    {
        var result = new List<ChunkSeries>();
        if (head.MaxTime < minTime || head.MinTime > maxTime)
        {
            return result;
        }

        foreach (var series in head.Select(matchers, cancellationToken))
        {
            ChunkSnapshot[] chunks;
            lock (series.Sync)
            {
                chunks = series.SnapshotLocked(minTime, maxTime);
            }

            if (chunks.Length > 0)
            {
                result.Add(new ChunkSeries(series.Labels, chunks));
            }
        }

        return result;
    }

    /// <summary>Merges lists sorted by labels into one sorted sequence, joining the chunks of equal label sets.</summary>
    private IEnumerable<ISeries> Merge(List<List<ChunkSeries>> sources)
    {
        sources.RemoveAll(s => s.Count == 0);
        if (sources.Count == 1)
        {
            foreach (var series in sources[0])
            {
                yield return new StoredSeries(series.Labels, series.Chunks, minTime, maxTime);
            }

            yield break;
        }

        var positions = new int[sources.Count];
        var tied = new int[sources.Count];
        var chunks = new List<ChunkSnapshot>();
        while (true)
        {
            // One comparison per source finds the smallest label set and every source that has it.
            Labels? smallest = null;
            var ties = 0;
            for (var i = 0; i < sources.Count; i++)
            {
                if (positions[i] >= sources[i].Count)
                {
                    continue;
                }

                var labels = sources[i][positions[i]].Labels;
                var order = smallest is null ? -1 : Labels.Compare(labels, smallest);
                if (order < 0)
                {
                    smallest = labels;
                    ties = 0;
                }

                if (order <= 0)
                {
                    tied[ties++] = i;
                }
            }

            if (smallest is null)
            {
                yield break;
            }

            chunks.Clear();
            foreach (var i in tied.AsSpan(0, ties))
            {
                chunks.AddRange(sources[i][positions[i]].Chunks);
                positions[i]++;
            }

            chunks.Sort(static (a, b) => a.MinTime.CompareTo(b.MinTime));
            yield return new StoredSeries(smallest, [.. chunks], minTime, maxTime);
        }
    }
}

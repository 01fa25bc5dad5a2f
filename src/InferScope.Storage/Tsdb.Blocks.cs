using InferScope.Model;
using InferScope.Storage.Blocks;
using InferScope.Storage.Chunks;
using Microsoft.Extensions.Logging;

namespace InferScope.Storage;

/// <summary>Cutting the head into blocks, compacting blocks and applying retention.</summary>
public sealed partial class Tsdb
{
    private void OpenBlocks()
    {
        var opened = new List<BlockReader>();
        foreach (var dir in System.IO.Directory.GetDirectories(Directory!))
        {
            var name = Path.GetFileName(dir);
            if (name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // A block or checkpoint that a crash left half-written.
                System.IO.Directory.Delete(dir, recursive: true);
                continue;
            }

            if (BlockId.IsValid(name))
            {
                opened.Add(BlockReader.Open(dir));
            }
        }

        // A crash between writing a compacted block and deleting its sources leaves both; keep the compacted one.
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in opened)
        {
            if (block.Meta.Compaction.Level > 1)
            {
                replaced.UnionWith(block.Meta.Compaction.Sources);
            }
        }

        foreach (var block in opened.Where(b => b.Meta.Compaction.Level == 1 && replaced.Contains(b.Meta.Id)).ToList())
        {
            opened.Remove(block);
            block.Release();
            DeleteBlockFolder(block.Directory);
        }

        opened.Sort((a, b) => a.Meta.MinTime.CompareTo(b.Meta.MinTime));
        blocks = [.. opened];
        if (opened.Count > 0)
        {
            head.MinValidTime = opened.Max(b => b.Meta.MaxTime);
        }
    }

    /// <summary>
    /// Writes the oldest block range of the head to disk while the head spans more than 1.5
    /// ranges. When forced, it writes every range that ends at or before the newest sample.
    /// Each written range is dropped from the head and the log is checkpointed.
    /// </summary>
    private void CutHeadBlocks(bool force, CancellationToken cancellationToken)
    {
        var range = Options.BlockRangeMs;
        while (!cancellationToken.IsCancellationRequested)
        {
            var minTime = head.MinTime;
            var maxTime = head.MaxTime;
            if (minTime == long.MaxValue || maxTime == long.MinValue)
            {
                return;
            }

            var start = FloorToRange(minTime, range);
            var end = start + range;
            var ready = force ? maxTime >= end : maxTime - minTime > range * 3 / 2 && maxTime - (range / 2) >= end;
            if (!ready)
            {
                return;
            }

            head.MinValidTime = Math.Max(head.MinValidTime, end);
            var series = new List<BlockSeries>();
            foreach (var memSeries in head.AllSeries())
            {
                List<ChunkSnapshot> chunks;
                lock (memSeries.Sync)
                {
                    chunks = memSeries.ChunksBeforeLocked(start, end);
                }

                if (chunks.Count > 0)
                {
                    series.Add(new BlockSeries(memSeries.Labels, chunks));
                }
            }

            if (series.Count > 0)
            {
                series.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
                var meta = BlockWriter.Write(Directory!, series, start, end, new BlockCompaction(), Options.TimeProvider);
                AddBlock(BlockReader.Open(Path.Combine(Directory!, meta.Id)));
                LogBlockWritten(logger, meta.Id, start, end, meta.Stats.Series, meta.Stats.Samples);
            }

            head.Truncate(end);
            if (wal is not null)
            {
                var last = wal.CutSegment();
                wal.Checkpoint(last, reference => head.GetByRef(reference) is not null, end);
            }
        }
    }

    /// <summary>
    /// Merges blocks that fall in one aligned range of the next compaction level (3, 9, 27 …
    /// block ranges, up to the maximum block duration) once that range lies wholly before the
    /// head's appendable window.
    /// </summary>
    private void CompactBlocks(CancellationToken cancellationToken)
    {
        var maxRange = Math.Max(Options.BlockRangeMs, Options.MaxBlockRangeMs);
        for (var levelRange = Options.BlockRangeMs * 3; levelRange <= maxRange; levelRange *= 3)
        {
            var groups = Volatile.Read(ref blocks)
                .GroupBy(b => FloorToRange(b.Meta.MinTime, levelRange))
                .Where(g => g.Count() > 1 && g.All(b => b.Meta.MaxTime <= g.Key + levelRange) && g.Key + levelRange <= head.MinValidTime)
                .ToList();
            foreach (var group in groups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MergeBlocks([.. group.OrderBy(b => b.Meta.MinTime)]);
            }
        }
    }

    private void MergeBlocks(List<BlockReader> sources)
    {
        var merged = BlockMerger.Merge(sources, Options.SamplesPerChunk);
        var compaction = new BlockCompaction { Level = sources.Max(b => b.Meta.Compaction.Level) + 1 };
        foreach (var source in sources)
        {
            compaction.Sources.AddRange(source.Meta.Compaction.Sources);
        }

        var meta = BlockWriter.Write(Directory!, merged, sources.Min(b => b.Meta.MinTime), sources.Max(b => b.Meta.MaxTime), compaction, Options.TimeProvider);
        var reader = BlockReader.Open(Path.Combine(Directory!, meta.Id));
        ReplaceBlocks(sources, reader);
        LogCompacted(logger, sources.Count, meta.Id, meta.Compaction.Level, meta.Stats.Series);
    }

    private void ApplyRetention()
    {
        var current = Volatile.Read(ref blocks);
        if (current.Length == 0)
        {
            return;
        }

        var newest = Math.Max(head.MaxTime, current.Max(b => b.Meta.MaxTime - 1));
        var cutoff = newest - (long)Options.RetentionTime.TotalMilliseconds;
        var expired = current.Where(b => b.Meta.MaxTime <= cutoff).ToList();
        if (Options.RetentionSizeBytes > 0)
        {
            var total = (wal?.SizeBytes() ?? 0) + current.Sum(b => b.SizeBytes);
            foreach (var block in current.OrderBy(b => b.Meta.MinTime))
            {
                if (total <= Options.RetentionSizeBytes)
                {
                    break;
                }

                total -= block.SizeBytes;
                if (!expired.Contains(block))
                {
                    expired.Add(block);
                }
            }
        }

        if (expired.Count > 0)
        {
            ReplaceBlocks(expired, null);
            LogRetention(logger, expired.Count, cutoff);
        }
    }

    private void AddBlock(BlockReader block) => ReplaceBlocks([], block);

    /// <summary>Swaps blocks in the list queriers read; the removed ones are deleted once no querier uses them.</summary>
    private void ReplaceBlocks(IReadOnlyCollection<BlockReader> removed, BlockReader? added)
    {
        var list = Volatile.Read(ref blocks).Except(removed).ToList();
        if (added is not null)
        {
            list.Add(added);
        }

        list.Sort((a, b) => a.Meta.MinTime.CompareTo(b.Meta.MinTime));
        Volatile.Write(ref blocks, [.. list]);
        foreach (var block in removed)
        {
            // On Linux a mapped file stays readable after deletion, so open queriers are safe.
            DeleteBlockFolder(block.Directory);
            block.Release();
        }
    }

    /// <summary>
    /// Deletes a block folder. It is first renamed to a name ending in <c>.tmp</c>, so a crash in
    /// the middle of the deletion leaves a folder that the next open deletes, never a block folder
    /// with some of its files gone.
    /// </summary>
    private static void DeleteBlockFolder(string directory)
    {
        var doomed = directory + ".deleted.tmp";
        System.IO.Directory.Move(directory, doomed);
        System.IO.Directory.Delete(doomed, recursive: true);
    }

    private static long FloorToRange(long timestamp, long range) =>
        timestamp - (((timestamp % range) + range) % range);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote block {Id} for [{MinTime}, {MaxTime}): {Series} series, {Samples} samples")]
    private static partial void LogBlockWritten(ILogger logger, string id, long minTime, long maxTime, long series, long samples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {Count} blocks into {Id} at level {Level}: {Series} series")]
    private static partial void LogCompacted(ILogger logger, int count, string id, int level, long series);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} blocks ending at or before {Cutoff}")]
    private static partial void LogRetention(ILogger logger, int count, long cutoff);
}

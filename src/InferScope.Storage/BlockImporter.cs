using InferScope.Model;
using InferScope.Storage.Blocks;
using InferScope.Storage.Chunks;

namespace InferScope.Storage;

/// <summary>
/// Backfills historical samples into a data folder as blocks, without going through the head or
/// the log, like promtool's create-blocks-from. Samples may arrive in any order; each
/// <see cref="TsdbOptions.BlockDuration"/>-aligned range becomes one block. Holds the folder
/// lock, so the store must not be running on the folder at the same time.
/// </summary>
public sealed class BlockImporter : IDisposable
{
    private readonly string directory;
    private readonly TsdbOptions options;
    private readonly FileStream folderLock;
    private readonly Dictionary<Labels, List<(long Timestamp, double Value)>> series = [];

    public BlockImporter(string directory, TsdbOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        this.directory = directory;
        this.options = options ?? new TsdbOptions();
        this.options.Validate();
        Directory.CreateDirectory(directory);
        try
        {
            folderLock = new FileStream(Path.Combine(directory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"Data folder {directory} is in use by another process; stop the server before importing.", e);
        }
    }

    /// <summary>The number of samples added so far.</summary>
    public long SampleCount { get; private set; }

    public int SeriesCount => series.Count;

    /// <summary>Buffers one sample; a later sample with the same series and timestamp replaces it.</summary>
    public void Add(Labels labels, long timestampMs, double value)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("A sample needs at least one label.", nameof(labels));
        }

        if (!series.TryGetValue(labels, out var samples))
        {
            samples = [];
            series[labels] = samples;
        }

        samples.Add((timestampMs, value));
        SampleCount++;
    }

    /// <summary>
    /// Writes the buffered samples as blocks and returns their folder names. Reports progress as
    /// the number of block ranges written out of the total.
    /// </summary>
    public IReadOnlyList<string> WriteBlocks(IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var range = options.BlockRangeMs;
        var byRange = new SortedDictionary<long, List<BlockSeries>>();
        var sortedLabels = series.Keys.ToList();
        sortedLabels.Sort(Labels.Compare);
        foreach (var labels in sortedLabels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var samples = series[labels];

            // A stable sort keeps the order samples arrived in, so the last duplicate can win.
            var ordered = samples.Select((s, i) => (s.Timestamp, s.Value, Index: i)).OrderBy(s => s.Timestamp).ThenByDescending(s => s.Index).ToList();
            XorChunkWriter? writer = null;
            var chunks = new List<ChunkSnapshot>();
            var currentRange = long.MinValue;
            var previous = long.MinValue;
            foreach (var (timestamp, value, _) in ordered)
            {
                if (timestamp == previous)
                {
                    continue;
                }

                previous = timestamp;
                var start = timestamp - (((timestamp % range) + range) % range);
                if (start != currentRange || writer!.Count >= options.SamplesPerChunk)
                {
                    Flush(writer, chunks);
                    if (start != currentRange)
                    {
                        AddToRange(byRange, currentRange, labels, chunks);
                        chunks = [];
                        currentRange = start;
                    }

                    writer = new XorChunkWriter();
                }

                writer.Append(timestamp, value);
            }

            Flush(writer, chunks);
            AddToRange(byRange, currentRange, labels, chunks);
        }

        var written = new List<string>();
        var done = 0;
        foreach (var (start, blockSeries) in byRange)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var meta = BlockWriter.Write(directory, blockSeries, start, start + range, new BlockCompaction(), options.TimeProvider);
            written.Add(meta.Id);
            progress?.Report((++done, byRange.Count));
        }

        series.Clear();
        return written;
    }

    public void Dispose() => folderLock.Dispose();

    private static void Flush(XorChunkWriter? writer, List<ChunkSnapshot> chunks)
    {
        if (writer is { Count: > 0 })
        {
            chunks.Add(new ChunkSnapshot(writer.ToArray(), writer.Count, writer.MinTime, writer.MaxTime));
        }
    }

    private static void AddToRange(SortedDictionary<long, List<BlockSeries>> byRange, long start, Labels labels, List<ChunkSnapshot> chunks)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        if (!byRange.TryGetValue(start, out var list))
        {
            list = [];
            byRange[start] = list;
        }

        list.Add(new BlockSeries(labels, chunks));
    }
}

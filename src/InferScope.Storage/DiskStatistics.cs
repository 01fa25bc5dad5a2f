using InferScope.Storage.Blocks;

namespace InferScope.Storage;

/// <summary>
/// What a data folder holds on disk: blocks, series, samples and bytes, overall and for the
/// metrics with the most chunk bytes. Reads the blocks without taking the folder lock, so it
/// works while the server runs. Samples still only in the log are counted as log bytes, not samples.
/// </summary>
public sealed record DiskStatistics(
    int Blocks,
    long MinTime,
    long MaxTime,
    long Series,
    long Samples,
    long BlockBytes,
    long IndexBytes,
    long WalBytes,
    IReadOnlyList<MetricDiskStatistics> HeaviestMetrics)
{
    /// <summary>The timestamp of the oldest sample in the blocks, in Unix milliseconds; 0 without samples.</summary>
    public long FirstSampleTime { get; init; }

    /// <summary>The timestamp of the newest sample in the blocks, in Unix milliseconds; 0 without samples.</summary>
    public long LastSampleTime { get; init; }

    /// <summary>Block bytes (index, chunks and metadata) per block sample; 0 when there are no samples.</summary>
    public double BytesPerSample => Samples == 0 ? 0 : (double)BlockBytes / Samples;

    /// <summary>Reads the statistics of the blocks in <paramref name="directory"/>, listing the <paramref name="top"/> heaviest metrics.</summary>
    public static DiskStatistics Compute(string directory, int top = 10)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Data folder {directory} does not exist.");
        }

        var metrics = new Dictionary<string, (long Series, long Samples, long Bytes)>(StringComparer.Ordinal);
        var seriesSeen = new HashSet<Model.Labels>();
        long samples = 0, blockBytes = 0, indexBytes = 0;
        long minTime = long.MaxValue, maxTime = long.MinValue;
        long firstSample = long.MaxValue, lastSample = long.MinValue;
        var blocks = 0;
        foreach (var dir in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (!BlockId.IsValid(Path.GetFileName(dir)) || !File.Exists(Path.Combine(dir, BlockFormat.MetaFile)))
            {
                continue;
            }

            var block = BlockReader.Open(dir);
            try
            {
                blocks++;
                blockBytes += block.SizeBytes;
                indexBytes += new FileInfo(Path.Combine(dir, BlockFormat.IndexFile)).Length;
                samples += block.Meta.Stats.Samples;
                minTime = Math.Min(minTime, block.Meta.MinTime);
                maxTime = Math.Max(maxTime, block.Meta.MaxTime);
                for (var id = 0; id < block.SeriesCount; id++)
                {
                    var (labels, chunks) = block.ReadSeries(id, long.MinValue, long.MaxValue);
                    var isNew = seriesSeen.Add(labels);
                    var name = labels.MetricName;
                    var entry = metrics.GetValueOrDefault(name);
                    entry.Series += isNew ? 1 : 0;
                    foreach (var chunk in chunks)
                    {
                        entry.Samples += chunk.Count;
                        entry.Bytes += chunk.Data.Length;
                        firstSample = Math.Min(firstSample, chunk.MinTime);
                        lastSample = Math.Max(lastSample, chunk.MaxTime);
                    }

                    metrics[name] = entry;
                }
            }
            finally
            {
                block.Release();
            }
        }

        var walFolder = Path.Combine(directory, "wal");
        var walBytes = Directory.Exists(walFolder)
            ? new DirectoryInfo(walFolder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;
        var heaviest = metrics
            .OrderByDescending(m => m.Value.Bytes)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(m => new MetricDiskStatistics(m.Key, m.Value.Series, m.Value.Samples, m.Value.Bytes))
            .ToList();
        return new DiskStatistics(
            blocks,
            blocks == 0 ? 0 : minTime,
            blocks == 0 ? 0 : maxTime,
            seriesSeen.Count,
            samples,
            blockBytes,
            indexBytes,
            walBytes,
            heaviest)
        {
            FirstSampleTime = firstSample == long.MaxValue ? 0 : firstSample,
            LastSampleTime = lastSample == long.MinValue ? 0 : lastSample,
        };
    }
}

using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Storage.Blocks;
using InferScope.Storage.Head;
using InferScope.Storage.Querying;
using InferScope.Storage.Wal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Storage;

/// <summary>
/// The embedded time-series store. Samples go to an in-memory head and, when the store has a
/// data folder, to a write-ahead log first. The head is cut into immutable two-hour blocks,
/// which are compacted into longer ones and deleted by retention. Open a folder with
/// <see cref="Open"/>, or use <see cref="CreateInMemory"/> for a store without files.
/// All members are thread-safe.
/// </summary>
public sealed partial class Tsdb : IAppendable, Model.Storage.IQueryable, IDisposable
{
    private readonly ILogger logger;
    private readonly MemHead head;
    private readonly SemaphoreSlim maintenance = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly FileStream? folderLock;
    private WriteAheadLog? wal;
    private BlockReader[] blocks = [];
    private Task? background;
    private bool disposed;

    private Tsdb(string? directory, TsdbOptions options, ILogger logger, FileStream? folderLock)
    {
        options.Validate();
        Directory = directory;
        Options = options;
        this.logger = logger;
        this.folderLock = folderLock;
        Counters = new AppendCounters();
        head = new MemHead(options, Counters);
    }

    /// <summary>The data folder, or null for an in-memory store.</summary>
    public string? Directory { get; }

    public TsdbOptions Options { get; }

    public AppendCounters Counters { get; }

    /// <summary>The number of series in the head, the active series.</summary>
    public long HeadSeriesCount => head.SeriesCount;

    public int BlockCount => Volatile.Read(ref blocks).Length;

    /// <summary>
    /// Opens or creates a store in <paramref name="directory"/>: takes the folder lock, opens
    /// the blocks, replays the write-ahead log into the head and starts the background loop
    /// that cuts blocks, compacts them and applies retention.
    /// </summary>
    /// <exception cref="IOException">Another process has the folder open.</exception>
    public static Tsdb Open(string directory, TsdbOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new TsdbOptions();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Tsdb>();
        System.IO.Directory.CreateDirectory(directory);
        FileStream folderLock;
        try
        {
            folderLock = new FileStream(Path.Combine(directory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"Data folder {directory} is in use by another process; stop it or choose another folder.", e);
        }

        var tsdb = new Tsdb(directory, options, logger, folderLock);
        try
        {
            tsdb.OpenBlocks();
            tsdb.ReplayWal();
            tsdb.background = Task.Run(() => tsdb.RunBackgroundAsync(tsdb.stopping.Token));
            return tsdb;
        }
        catch
        {
            tsdb.Dispose();
            throw;
        }
    }

    /// <summary>Creates a store that keeps everything in memory: no log, no blocks, no background work.</summary>
    public static Tsdb CreateInMemory(TsdbOptions? options = null) =>
        new(null, options ?? new TsdbOptions(), NullLogger<Tsdb>.Instance, null);

    public IAppender CreateAppender()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return head.CreateAppender();
    }

    public IQuerier CreateQuerier(long minTimeMs, long maxTimeMs)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return new TsdbQuerier(head, AcquireBlocks, minTimeMs, maxTimeMs);
    }

    /// <summary>
    /// Takes a reference on every block that overlaps the range. Compaction and retention publish
    /// the new block list before they release the blocks they remove, so when a block in the list
    /// is already released, the list is read again.
    /// </summary>
    private List<BlockReader> AcquireBlocks(long minTimeMs, long maxTimeMs)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var acquired = new List<BlockReader>();
            var complete = true;
            foreach (var block in Volatile.Read(ref blocks))
            {
                if (!block.Overlaps(minTimeMs, maxTimeMs))
                {
                    continue;
                }

                if (!block.TryAcquire())
                {
                    complete = false;
                    break;
                }

                acquired.Add(block);
            }

            if (complete)
            {
                return acquired;
            }

            foreach (var block in acquired)
            {
                block.Release();
            }

            Thread.Yield();
        }
    }

    /// <summary>
    /// Cuts every block the head is ready for, compacts blocks and applies retention. The
    /// background loop calls this every <see cref="TsdbOptions.CompactionInterval"/>; an
    /// in-memory store does nothing.
    /// </summary>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        if (Directory is null)
        {
            return;
        }

        await maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            CutHeadBlocks(force: false, cancellationToken);
            CompactBlocks(cancellationToken);
            ApplyRetention();
        }
        finally
        {
            maintenance.Release();
        }
    }

    /// <summary>Writes every complete block range in the head to disk, even when the head is not yet 1.5 ranges long.</summary>
    public async Task FlushHeadAsync(CancellationToken cancellationToken = default)
    {
        if (Directory is null)
        {
            return;
        }

        await maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CutHeadBlocks(force: true, cancellationToken);
        }
        finally
        {
            maintenance.Release();
        }
    }

    /// <summary>Returns an estimate of the head's memory per series in bytes, for the self-metric.</summary>
    public double MemoryPerSeriesBytes()
    {
        var count = head.SeriesCount;
        return count == 0 ? 0 : (double)head.EstimateMemoryBytes() / count;
    }

    /// <summary>Returns the message for a <see cref="AppendStatus.SeriesLimit"/> rejection of these labels.</summary>
    public string DescribeSeriesLimit(Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var metric = labels.MetricName;
        if (Options.MaxSeriesPerMetric > 0 && head.SeriesOfMetric(metric) >= Options.MaxSeriesPerMetric)
        {
            return $"Series limit reached: metric \"{metric}\" already has {head.SeriesOfMetric(metric)} series, the maximum set by max_series_per_metric ({Options.MaxSeriesPerMetric}). Raise the limit or drop labels that multiply series.";
        }

        return $"Series limit reached: the target {string.Join(", ", Options.TargetLabels.Select(n => $"{n}=\"{labels.Get(n)}\""))} already has {head.SeriesOfTarget(labels)} series, the maximum set by max_series_per_target ({Options.MaxSeriesPerTarget}). Raise the limit or drop labels that multiply series.";
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stopping.Cancel();
        try
        {
            background?.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
        }

        maintenance.Wait();
        wal?.Dispose();
        foreach (var block in blocks)
        {
            block.Release();
        }

        blocks = [];
        folderLock?.Dispose();
        stopping.Dispose();
        maintenance.Dispose();
    }

    private async Task RunBackgroundAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.CompactionInterval, Options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await CompactAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    LogMaintenanceFailed(logger, e, Directory ?? string.Empty);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage maintenance in {Directory} failed; retrying at the next interval")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception, string directory);
}

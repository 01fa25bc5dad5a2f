using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace InferScope.Storage.Wal;

/// <summary>
/// The write-ahead log: numbered segment files of checksummed frames in one folder, plus at most
/// one checkpoint folder that condenses the segments before it. <see cref="LogAsync"/> returns
/// once the frames are written under the configured <see cref="WalFsyncPolicy"/>.
/// </summary>
internal sealed partial class WriteAheadLog : IDisposable
{
    private const string CheckpointPrefix = "checkpoint.";

    private readonly string directory;
    private readonly TsdbOptions options;
    private readonly ILogger logger;
    private readonly Lock writeLock = new();
    private readonly Lock syncLock = new();
    private readonly Timer? syncTimer;
    private SafeFileHandle? segment;
    private long segmentOffset;
    private long writtenSequence;
    private long syncedSequence;
    private bool disposed;

    private WriteAheadLog(string directory, TsdbOptions options, ILogger logger)
    {
        this.directory = directory;
        this.options = options;
        this.logger = logger;
        if (options.WalFsyncPolicy == WalFsyncPolicy.Periodic)
        {
            syncTimer = new Timer(_ => SyncQuietly(), null, options.WalFsyncInterval, options.WalFsyncInterval);
        }
    }

    public string Directory => directory;

    /// <summary>The number of the segment being written.</summary>
    public int CurrentSegment { get; private set; }

    /// <summary>
    /// Opens the log in <paramref name="directory"/>, creating it when missing, and passes every
    /// valid record, checkpoint first, to <paramref name="onRecord"/>. A torn or corrupt frame
    /// ends the valid data: its segment is truncated there, later segments are deleted, and a
    /// warning is logged. Writing then continues in a new segment.
    /// </summary>
    public static WriteAheadLog OpenAndReplay(string directory, TsdbOptions options, ILogger logger, RecordHandler onRecord)
    {
        System.IO.Directory.CreateDirectory(directory);
        var wal = new WriteAheadLog(directory, options, logger);
        var (checkpointPath, checkpointSegment) = wal.LatestCheckpoint();
        if (checkpointPath is not null)
        {
            foreach (var file in System.IO.Directory.GetFiles(checkpointPath).Order(StringComparer.Ordinal))
            {
                wal.ReplayFile(file, onRecord, isCheckpoint: true);
            }
        }

        var segments = wal.ListSegments();
        var last = checkpointSegment;
        for (var i = 0; i < segments.Count; i++)
        {
            var (number, path) = segments[i];
            last = Math.Max(last, number);
            if (number <= checkpointSegment)
            {
                continue;
            }

            if (!wal.ReplayFile(path, onRecord, isCheckpoint: false))
            {
                for (var j = i + 1; j < segments.Count; j++)
                {
                    LogDeletedSegment(logger, segments[j].Path);
                    File.Delete(segments[j].Path);
                }

                break;
            }
        }

        wal.OpenSegment(last + 1);
        return wal;
    }

    /// <summary>Writes each payload as one frame, in one write call, and applies the fsync policy.</summary>
    public ValueTask LogAsync(IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var buffer = new RecordBuffer(payloads.Sum(p => p.Length + WalFrame.HeaderBytes));
        foreach (var payload in payloads)
        {
            WalFrame.Write(buffer, payload.Span);
        }

        long sequence;
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (segmentOffset > 0 && segmentOffset + buffer.Length > options.WalSegmentSizeBytes)
            {
                RotateLocked();
            }

            RandomAccess.Write(segment!, buffer.Span, segmentOffset);
            segmentOffset += buffer.Length;
            sequence = ++writtenSequence;
        }

        if (options.WalFsyncPolicy == WalFsyncPolicy.EveryCommit)
        {
            SyncUpTo(sequence);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the current segment and starts the next; returns the number of the closed one.</summary>
    public int CutSegment()
    {
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var closed = CurrentSegment;
            RotateLocked();
            return closed;
        }
    }

    /// <summary>
    /// Condenses the checkpoint and segments up to <paramref name="lastSegment"/> into a new
    /// checkpoint that keeps only series <paramref name="keepSeries"/> accepts and samples at or
    /// after <paramref name="minTime"/>, then deletes what it replaced. The new checkpoint is
    /// written to a temporary folder, forced to disk and renamed, so a crash leaves either the
    /// old state or the new one.
    /// </summary>
    public void Checkpoint(int lastSegment, Func<ulong, bool> keepSeries, long minTime)
    {
        var output = new RecordBuffer(1 << 20);
        var scratch = new RecordBuffer(1 << 16);
        void Filter(ReadOnlySpan<byte> payload)
        {
            WalCheckpointFilter.Filter(payload, keepSeries, minTime, scratch);
            if (scratch.Length > 1)
            {
                WalFrame.Write(output, scratch.Span);
            }
        }

        var (oldCheckpoint, oldSegment) = LatestCheckpoint();
        if (oldCheckpoint is not null)
        {
            foreach (var file in System.IO.Directory.GetFiles(oldCheckpoint).Order(StringComparer.Ordinal))
            {
                ReplayFile(file, Filter, isCheckpoint: true);
            }
        }

        foreach (var (number, path) in ListSegments())
        {
            if (number > oldSegment && number <= lastSegment)
            {
                ReplayFile(path, Filter, isCheckpoint: false);
            }
        }

        var name = CheckpointPrefix + lastSegment.ToString("D8", CultureInfo.InvariantCulture);
        var final = Path.Combine(directory, name);
        var temporary = final + ".tmp";
        if (System.IO.Directory.Exists(temporary))
        {
            System.IO.Directory.Delete(temporary, recursive: true);
        }

        System.IO.Directory.CreateDirectory(temporary);
        var checkpointFile = Path.Combine(temporary, "00000000");
        using (var handle = File.OpenHandle(checkpointFile, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.Write(handle, output.Span, 0);
            RandomAccess.FlushToDisk(handle);
        }

        System.IO.Directory.Move(temporary, final);
        foreach (var (number, path) in ListSegments())
        {
            if (number <= lastSegment)
            {
                File.Delete(path);
            }
        }

        foreach (var dir in System.IO.Directory.GetDirectories(directory, CheckpointPrefix + "*"))
        {
            if (!string.Equals(Path.GetFullPath(dir), Path.GetFullPath(final), StringComparison.Ordinal))
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }

        LogCheckpoint(logger, name, output.Length);
    }

    /// <summary>Returns the bytes the log occupies on disk.</summary>
    public long SizeBytes() =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    public void Dispose()
    {
        syncTimer?.Dispose();
        lock (writeLock)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            lock (syncLock)
            {
                if (segment is not null)
                {
                    RandomAccess.FlushToDisk(segment);
                    segment.Dispose();
                    segment = null;
                }
            }
        }
    }

    private void SyncUpTo(long sequence)
    {
        lock (syncLock)
        {
            // A commit that arrived while another forced the disk may already be covered by it.
            if (Interlocked.Read(ref syncedSequence) >= sequence || segment is null)
            {
                return;
            }

            var target = Interlocked.Read(ref writtenSequence);
            RandomAccess.FlushToDisk(segment);
            Interlocked.Exchange(ref syncedSequence, target);
        }
    }

    private void SyncQuietly()
    {
        try
        {
            SyncUpTo(Interlocked.Read(ref writtenSequence));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            LogSyncFailed(logger, e, directory);
        }
    }

    private void RotateLocked()
    {
        lock (syncLock)
        {
            // Every policy forces a segment to disk before closing it.
            if (segment is not null)
            {
                RandomAccess.FlushToDisk(segment);
                segment.Dispose();
            }

            segment = null;
            Interlocked.Exchange(ref syncedSequence, Interlocked.Read(ref writtenSequence));
        }

        OpenSegment(CurrentSegment + 1);
    }

    private void OpenSegment(int number)
    {
        var path = SegmentPath(number);
        segment = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        segmentOffset = 0;
        CurrentSegment = number;
    }

    private string SegmentPath(int number) => Path.Combine(directory, number.ToString("D8", CultureInfo.InvariantCulture));

    private List<(int Number, string Path)> ListSegments()
    {
        var result = new List<(int, string)>();
        foreach (var path in System.IO.Directory.GetFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.Length == 8 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                result.Add((number, path));
            }
        }

        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    private (string? Path, int Segment) LatestCheckpoint()
    {
        string? best = null;
        var bestNumber = -1;
        foreach (var dir in System.IO.Directory.GetDirectories(directory, CheckpointPrefix + "*"))
        {
            var suffix = Path.GetFileName(dir)[CheckpointPrefix.Length..];
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > bestNumber)
            {
                best = dir;
                bestNumber = number;
            }
        }

        return (best, bestNumber);
    }

    /// <summary>Reads one file's frames; truncates it at the first bad frame and returns false then.</summary>
    private bool ReplayFile(string path, RecordHandler onRecord, bool isCheckpoint)
    {
        var data = File.ReadAllBytes(path);
        var offset = 0;
        while (WalFrame.TryRead(data, ref offset, out var payload, out var corrupt))
        {
            onRecord(payload);
        }

        if (offset >= data.Length)
        {
            return true;
        }

        if (isCheckpoint)
        {
            throw new InvalidDataException(
                $"Checkpoint file {path} is corrupt at byte {offset} of {data.Length}. Delete the checkpoint folder to start without it, losing the samples it holds.");
        }

        LogTruncated(logger, path, offset, data.Length - offset);
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.SetLength(handle, offset);
            RandomAccess.FlushToDisk(handle);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-ahead log segment {Path} has a torn or corrupt frame at byte {Offset}; truncated it, dropping {Bytes} bytes")]
    private static partial void LogTruncated(ILogger logger, string path, int offset, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted write-ahead log segment {Path} because an earlier segment was corrupt")]
    private static partial void LogDeletedSegment(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote write-ahead log checkpoint {Name} ({Bytes} bytes)")]
    private static partial void LogCheckpoint(ILogger logger, string name, int bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Periodic fsync of the write-ahead log in {Directory} failed")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string directory);
}

namespace InferScope.Storage;

/// <summary>Settings of an embedded store; the defaults match Prometheus 2.42 where it has the same setting.</summary>
public sealed class TsdbOptions
{
    /// <summary>The time span of a block cut from the head, and of each head chunk's range. Default 2 h.</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The longest block compaction may produce. Default 10% of <see cref="RetentionTime"/>, at most 31 d.</summary>
    public TimeSpan? MaxBlockDuration { get; set; }

    /// <summary>Blocks whose newest sample is older than this, measured from the newest sample stored, are deleted. Default 15 d.</summary>
    public TimeSpan RetentionTime { get; set; } = TimeSpan.FromDays(15);

    /// <summary>When positive, the oldest blocks are deleted until blocks and log fit in this many bytes. Default 0, no limit.</summary>
    public long RetentionSizeBytes { get; set; }

    /// <summary>Samples per head chunk before a new chunk is cut. Default 120.</summary>
    public int SamplesPerChunk { get; set; } = 120;

    public WalFsyncPolicy WalFsyncPolicy { get; set; } = WalFsyncPolicy.Periodic;

    /// <summary>The fsync period of <see cref="WalFsyncPolicy.Periodic"/>. Default 1 s.</summary>
    public TimeSpan WalFsyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The size at which the log starts a new segment file. Default 128 MiB.</summary>
    public long WalSegmentSizeBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// How far past the current time a sample's timestamp may be before it is rejected as
    /// <see cref="Model.Storage.AppendStatus.TooNew"/>. Null accepts any future time. Default 10 min.
    /// </summary>
    public TimeSpan? TooNewTolerance { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>When positive, the most series one metric name may have in the head.</summary>
    public int MaxSeriesPerMetric { get; set; }

    /// <summary>When positive, the most series one target (the values of <see cref="TargetLabels"/>) may have in the head.</summary>
    public int MaxSeriesPerTarget { get; set; }

    /// <summary>The labels that identify a target for <see cref="MaxSeriesPerTarget"/>. Default job and instance.</summary>
    public IReadOnlyList<string> TargetLabels { get; set; } = ["job", "instance"];

    /// <summary>How often the background loop cuts blocks, compacts and applies retention. Default 1 min.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock for too-new checks and retention; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal long BlockRangeMs => (long)BlockDuration.TotalMilliseconds;

    internal long MaxBlockRangeMs => (long)(MaxBlockDuration
        ?? TimeSpan.FromTicks(Math.Min(RetentionTime.Ticks / 10, TimeSpan.FromDays(31).Ticks))).TotalMilliseconds;

    internal void Validate()
    {
        if (BlockDuration < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"BlockDuration {BlockDuration} is too short; use at least 1 minute (default 2 h).");
        }

        if (SamplesPerChunk is < 2 or > 60000)
        {
            throw new ArgumentException($"SamplesPerChunk {SamplesPerChunk} is out of range; use 2 to 60000 (default 120).");
        }

        if (RetentionTime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RetentionTime {RetentionTime} must be positive (default 15 d).");
        }

        if (WalSegmentSizeBytes < 64 * 1024)
        {
            throw new ArgumentException($"WalSegmentSizeBytes {WalSegmentSizeBytes} is too small; use at least 65536.");
        }
    }
}

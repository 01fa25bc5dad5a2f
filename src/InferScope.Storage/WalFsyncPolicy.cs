namespace InferScope.Storage;

/// <summary>When the write-ahead log forces its writes from the operating system's cache to the disk.</summary>
public enum WalFsyncPolicy
{
    /// <summary>
    /// A commit returns once its records are written to the file, which survives a crash of the
    /// process (kill -9) but not of the machine. The log is forced to disk every
    /// <see cref="TsdbOptions.WalFsyncInterval"/> and when a segment is closed, so a power loss
    /// loses at most about that interval.
    /// </summary>
    Periodic,

    /// <summary>A commit returns only after its records are forced to disk; concurrent commits share one fsync.</summary>
    EveryCommit,

    /// <summary>Writes are forced to disk only when a segment is closed. For tests and throwaway data.</summary>
    SegmentClose,
}

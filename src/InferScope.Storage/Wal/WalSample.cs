namespace InferScope.Storage.Wal;

/// <summary>One sample as the log stores it.</summary>
internal readonly record struct WalSample(ulong Ref, long Timestamp, ulong ValueBits);

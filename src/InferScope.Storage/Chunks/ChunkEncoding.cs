namespace InferScope.Storage.Chunks;

/// <summary>
/// The first byte of every chunk on disk and in the write-ahead log. Values up to 0x0f are
/// reserved for sample kinds, so native histogram chunks can be added without a format change.
/// </summary>
public enum ChunkEncoding : byte
{
    None = 0,

    /// <summary>Float samples: delta-of-delta timestamps and XOR-compared values.</summary>
    Xor = 1,

    /// <summary>Reserved for integer-count native histograms.</summary>
    Histogram = 2,

    /// <summary>Reserved for float-count native histograms.</summary>
    FloatHistogram = 3,
}

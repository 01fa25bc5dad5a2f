namespace InferScope.Storage.Chunks;

/// <summary>
/// The first byte of every chunk in a block. Values below 16 follow Prometheus's chunk encodings,
/// so native histogram chunks can be added without a format change; 16 and up are InferScope's own.
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

    /// <summary>Float samples whose values are scaled integers, packed as bit-width groups; written only to blocks.</summary>
    Packed = 16,

    /// <summary>
    /// Float samples coded as scaled-integer differences from another chunk of the same block with
    /// the same timestamps, such as a histogram bucket from the bucket below it. Written only to blocks.
    /// </summary>
    PackedDifference = 17,
}

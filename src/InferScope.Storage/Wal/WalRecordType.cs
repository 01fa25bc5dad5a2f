namespace InferScope.Storage.Wal;

/// <summary>The first byte of each log record.</summary>
internal enum WalRecordType : byte
{
    /// <summary>New series: reference and label set.</summary>
    Series = 1,

    /// <summary>Float samples: series reference, timestamp and the raw value bits.</summary>
    Samples = 2,

    /// <summary>Native histogram samples: series reference, timestamp and the encoded histogram.</summary>
    HistogramSamples = 3,
}

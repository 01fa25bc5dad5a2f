namespace InferScope.Exposition;

/// <summary>The part a sample plays in its family, derived from the sample name's suffix.</summary>
public enum SampleRole
{
    /// <summary>The sample carries the family name itself: a gauge, an unknown metric, a summary quantile or a state.</summary>
    Value,

    /// <summary>A counter's <c>_total</c> sample.</summary>
    Total,

    /// <summary>A <c>_created</c> sample: the creation time of a counter, histogram or summary, in seconds.</summary>
    Created,

    /// <summary>A histogram or gauge histogram <c>_bucket</c> sample.</summary>
    Bucket,

    /// <summary>A histogram or summary <c>_count</c> sample.</summary>
    Count,

    /// <summary>A histogram or summary <c>_sum</c> sample.</summary>
    Sum,

    /// <summary>A gauge histogram <c>_gcount</c> sample.</summary>
    GaugeCount,

    /// <summary>A gauge histogram <c>_gsum</c> sample.</summary>
    GaugeSum,

    /// <summary>An info metric's <c>_info</c> sample.</summary>
    Info,
}

namespace InferScope.Analysis.Comparison;

/// <summary>
/// Whether a quantile read from classic buckets is a value or only a bound: in the first bucket
/// the true quantile may be anywhere below its upper edge, and in the +Inf bucket anywhere above
/// the largest finite edge.
/// </summary>
public enum QuantileBound
{
    /// <summary>The quantile lies between two finite edges and is interpolated.</summary>
    None,

    /// <summary>The quantile lies in the first bucket: the figure is an upper bound.</summary>
    AtMost,

    /// <summary>The quantile lies in the +Inf bucket: the figure is a lower bound.</summary>
    AtLeast,
}

namespace InferScope.Engines.Mapping;

/// <summary>How a mapping rule turns a source family into unified samples.</summary>
public enum RuleKind
{
    /// <summary>Copies the samples (all, or those selected by one label value), converting the unit.</summary>
    Copy,

    /// <summary>Turns the <c>_sum</c> samples of a source histogram into a unified counter.</summary>
    HistogramSum,

    /// <summary>Reads a number out of a label of an info gauge, such as <c>num_gpu_blocks</c>.</summary>
    InfoLabel,
}

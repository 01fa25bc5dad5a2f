namespace InferScope.PromQL.Syntax;

/// <summary>The aggregation operators.</summary>
public enum AggregateOp
{
    Sum,
    Avg,
    Min,
    Max,
    Count,
    Group,
    Stddev,
    Stdvar,
    TopK,
    BottomK,
    Quantile,
    CountValues,
    LimitK,
    LimitRatio,
}

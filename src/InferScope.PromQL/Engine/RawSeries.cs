using InferScope.Model;

namespace InferScope.PromQL.Engine;

/// <summary>The samples of one series over a time range, as a range selector or subquery reads them.</summary>
internal sealed class RawSeries(Labels labels, long[] timestamps, double[] values, int count, bool dropName = false)
{
    public Labels Labels { get; } = labels;

    public long[] Timestamps { get; } = timestamps;

    public double[] Values { get; } = values;

    public int Count { get; } = count;

    public bool DropName { get; } = dropName;
}
